package org.aetherdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.io.MemFileIO;

/**
 * Jazzer targets for the log: one record ({@link RecordCodec#decode}) and a whole segment
 * replayed by {@link LogReplayer}. The only exception allowed is {@link CorruptDataException}.
 *
 * <p>{@link #segment} builds a segment whose header is valid and whose records are framed by the
 * fuzzer: each record's payload, op count, sequence, syncedUpTo and padding come from the input,
 * and the fuzzer chooses per record whether its checksum is made valid (so replay reaches the
 * decoding, the torn-tail rule and the visitor). Whatever replay accepts must be a gap-free run
 * of sequence numbers starting after the checkpoint, each record decodable again from its bytes.
 *
 * <p>Seeds: {@code src/test/resources/org/aetherdb/wal/LogFuzzTestInputs/<method>/}.
 */
class LogFuzzTest {
    private static final Path DIR = Path.of("/mem/fuzz");

    @FuzzTest(maxDuration = "10s")
    void record(FuzzedDataProvider data) {
        int pageSize = 4096 << data.consumeInt(0, 4);
        long salt = data.consumeLong();
        boolean fixLength = data.consumeBoolean();
        byte[] rec = data.consumeRemainingAsBytes();
        if (rec.length < LogFormat.RECORD_HEADER) {
            rec = Arrays.copyOf(rec, LogFormat.RECORD_HEADER);
        }
        if (fixLength) {
            Bytes.putInt(rec, 4, rec.length - LogFormat.RECORD_HEADER);
        }
        LogRecord r;
        try {
            r = RecordCodec.decode(rec, rec.length, "fuzzed", new RecordPosition(1, 0), pageSize);
        } catch (CorruptDataException documented) {
            return;
        }
        assertTrue(!r.ops().isEmpty(), "a record without operations decoded");
        // A value kept for the tree is referenced where it lies in the record (read at offset 0),
        // with the checksum of those bytes; for the round trip below it is the bytes themselves.
        List<Op> resolved = new ArrayList<>(r.ops().size());
        int logAbove = Integer.MAX_VALUE;
        for (Op op : r.ops()) {
            if (op.value() instanceof Logged ref) {
                assertTrue(ref.offset() >= LogFormat.RECORD_HEADER && (long) ref.offset() + ref.length() <= rec.length, ref.toString());
                assertEquals(Checksums.crc(0, rec, ref.offset(), ref.length()), ref.checksum());
                resolved.add(new Op(op.key(), new Inline(Arrays.copyOfRange(rec, ref.offset(), ref.offset() + ref.length()))));
                logAbove = Math.min(logAbove, ref.length() - 1);
            } else {
                resolved.add(op);
            }
        }
        if (logAbove != Integer.MAX_VALUE) {
            // A threshold logs exactly the same values again only if no inline put is longer than it.
            for (Op op : r.ops()) {
                if (op.value() instanceof Inline(byte[] v) && v.length > logAbove) {
                    return;
                }
            }
        }
        // Encoding the decoded operations again gives a record that decodes to the same operations.
        int size = RecordCodec.size(resolved);
        byte[] buf = new byte[LogFormat.align8(size) + 8];
        int end = RecordCodec.encode(buf, 0, salt, r.seq(), r.syncedUpTo(), resolved, logAbove, null);
        assertTrue(RecordCodec.checksumOk(buf, RecordCodec.length(buf) + LogFormat.RECORD_HEADER, salt));
        LogRecord back = RecordCodec.decode(buf, RecordCodec.length(buf) + LogFormat.RECORD_HEADER, "re-encoded", new RecordPosition(1, 0), pageSize);
        assertTrue(end <= buf.length);
        assertSameOps(r.ops(), back.ops());
        assertEquals(r.seq(), back.seq());
        assertEquals(r.syncedUpTo(), back.syncedUpTo());
    }

    @FuzzTest(maxDuration = "10s")
    void segment(FuzzedDataProvider data) throws IOException {
        int pageSize = 4096;
        long startSeq = data.consumeLong(1, 1000);
        long checkpointSeq = startSeq - 1 + data.consumeInt(0, 3);
        long salt = data.consumeLong();
        int records = data.consumeInt(0, 8);
        byte[] seg = new byte[data.consumeInt(LogFormat.SEGMENT_HEADER, 1 << 14)];
        System.arraycopy(LogFormat.segmentHeader(startSeq, salt, seg.length), 0, seg, 0, LogFormat.SEGMENT_HEADER);
        int p = LogFormat.SEGMENT_HEADER;
        long seq = startSeq;
        for (int i = 0; i < records && p + LogFormat.RECORD_HEADER <= seg.length; i++) {
            byte[] payload = data.consumeBytes(data.consumeInt(0, 300));
            if (p + LogFormat.RECORD_HEADER + payload.length > seg.length) {
                break;
            }
            Bytes.putInt(seg, p + 4, data.consumeBoolean() ? payload.length : data.consumeInt());
            Bytes.putLong(seg, p + 8, data.consumeBoolean() ? seq : data.consumeLong());
            Bytes.putLong(seg, p + 16, data.consumeBoolean() ? seq - 1 : data.consumeLong());
            Bytes.putInt(seg, p + 24, data.consumeInt(0, 20));
            Bytes.putInt(seg, p + 28, data.consumeBoolean() ? 0 : data.consumeInt());
            System.arraycopy(payload, 0, seg, p + LogFormat.RECORD_HEADER, payload.length);
            if (data.consumeBoolean()) {
                Bytes.putInt(seg, p, Checksums.crc(salt, seg, p + 4, LogFormat.RECORD_HEADER - 4 + payload.length));
            }
            p += LogFormat.align8(LogFormat.RECORD_HEADER + payload.length);
            seq++;
        }
        boolean intactValues = data.consumeBoolean();
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        fs.setContents(DIR.resolve(LogFormat.segmentName(startSeq)), seg);
        List<LogRecord> applied = new ArrayList<>();
        LogReplayer.Result result;
        try {
            result = LogReplayer.replay(fs, DIR, checkpointSeq, pageSize, rec -> {
                if (!intactValues && rec.ops().stream().anyMatch(op -> op.value() instanceof OutOfLine)) {
                    return false;
                }
                applied.add(rec);
                return true;
            });
        } catch (CorruptDataException documented) {
            return;
        }
        long expect = checkpointSeq + 1;
        for (LogRecord r : applied) {
            assertEquals(expect++, r.seq(), "replay skipped or repeated a sequence number");
            assertTrue(!r.ops().isEmpty());
        }
        assertEquals(applied.size(), result.recordsApplied());
        assertTrue(result.nextSeq() >= expect && result.nextSeq() >= checkpointSeq + 1, "next sequence " + result.nextSeq());
    }

    private static void assertSameOps(List<Op> a, List<Op> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).key(), b.get(i).key());
            if (a.get(i).value() instanceof Inline(byte[] v)) {
                assertArrayEquals(v, ((Inline) b.get(i).value()).bytes());
            } else if (a.get(i).value() instanceof Logged x) {
                // the same value; its offset moves when the fuzzed record's varints were not minimal
                Logged y = (Logged) b.get(i).value();
                assertEquals(List.of(x.segment(), (long) x.length(), (long) x.checksum()), List.of(y.segment(), (long) y.length(), (long) y.checksum()));
            } else {
                assertEquals(a.get(i).value(), b.get(i).value());
            }
        }
    }
}
