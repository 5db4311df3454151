package org.aetherdb.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * The log's forces made without the commit lock ({@link LogWriter#prepareForce} then {@link
 * LogWriter#force}): they make the prepared records durable while the writer appends on; while
 * one runs, a record that points at an out-of-line value has the value forced first (the force
 * may make that record durable too); a segment released meanwhile needs none. And how a new
 * segment gets its size: zero-filled only when asked (SYNC databases), else extended sparse.
 */
class LogWriteBehindTest {
    private static final Path DIR = Path.of("/mem/log");
    private static final int PAGE = 4096;
    private static final long SEGMENT = 64 * 1024;

    private final MemFileIO io = new MemFileIO();
    private final AtomicLong salts = new AtomicLong(500);
    private int valueForces;

    LogWriteBehindTest() {
        io.createDirectories(DIR);
    }

    private LogWriter writer(boolean zeroFill) throws IOException {
        return new LogWriter(io, DIR, SEGMENT, 1, List.of(), List.of(), () -> valueForces++, salts::incrementAndGet,
                LogWriter.ValueLog.none(io, DIR), zeroFill);
    }

    private static List<Op> inline(long seq) {
        return List.of(Op.put(("k" + seq).getBytes(), new byte[100]));
    }

    private static List<Op> outOfLine(long seq) {
        return List.of(new Op(("b" + seq).getBytes(), new OutOfLine(8192 * seq, 9000, 1)));
    }

    private List<Long> replayedAfterPowerLoss() throws IOException {
        List<Long> seen = new ArrayList<>();
        LogReplayer.replay(io.crash(), DIR, 0, PAGE, rec -> seen.add(rec.seq()));
        return seen;
    }

    @Test
    void aPreparedForceMakesItsRecordsDurableWhileTheWriterGoesOn() throws IOException {
        try (LogWriter w = writer(false)) {
            for (long s = 1; s <= 5; s++) {
                w.append(s, inline(s));
            }
            LogWriter.PendingForce pending = w.prepareForce();
            assertEquals(5, pending.upTo());
            assertEquals(0, w.unforcedBytes(), "prepared: counted as forced for the write-behind trigger");
            assertEquals(List.of(), replayedAfterPowerLoss(), "nothing durable before the force runs");
            for (long s = 6; s <= 8; s++) { // the writer goes on meanwhile
                w.append(s, inline(s));
            }
            w.force(pending);
            assertEquals(5, w.durableSeq());
            List<Long> durable = replayedAfterPowerLoss();
            assertTrue(durable.size() >= 5 && durable.subList(0, 5).equals(List.of(1L, 2L, 3L, 4L, 5L)), "records 1-5 survive: " + durable);
            assertTrue(w.unforcedBytes() > 0);
            w.sync();
            assertNull(w.prepareForce(), "nothing left to force");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), replayedAfterPowerLoss());
        }
    }

    @Test
    void whileAForceRunsARecordPointingOutOfLineForcesItsValueFirst() throws IOException {
        try (LogWriter w = writer(false)) {
            w.append(1, outOfLine(1));
            assertEquals(0, valueForces, "no force in flight: the values wait for the next log force");
            LogWriter.PendingForce pending = w.prepareForce();
            w.append(2, inline(2));
            assertEquals(0, valueForces, "a record without out-of-line values needs nothing");
            w.append(3, outOfLine(3));
            assertEquals(1, valueForces, "the force in flight may make record 3 durable: its value is forced first");
            w.force(pending);
            w.append(4, outOfLine(4));
            assertEquals(1, valueForces, "no force in flight any more");
        }
    }

    @Test
    void aSegmentReleasedBeforeItsForceRunsNeedsNone() throws IOException {
        try (LogWriter w = writer(false)) {
            w.append(1, inline(1));
            LogWriter.PendingForce pending = w.prepareForce();
            io.delete(DIR.resolve(pending.segment())); // what a checkpoint's release does to a covered segment
            w.force(pending);
            w.append(2, outOfLine(2));
            assertEquals(0, valueForces, "the force ended: none in flight");
        }
    }

    @Test
    void newSegmentsAreZeroFilledOnlyWhenAsked() throws IOException {
        long zeroFilled = bytesWrittenToNewSegments(true, 3);
        assertTrue(zeroFilled >= 3 * SEGMENT, "zero-filled: every byte of a new segment written once before use, got " + zeroFilled);
        long sparse = bytesWrittenToNewSegments(false, 3);
        assertTrue(sparse <= 3 * LogFormat.SEGMENT_HEADER, "sparse: only the headers are written before use, got " + sparse);
    }

    /**
     * A database whose commits are SYNC zero-fills new segments, except after a segment of large
     * records: with 1 MiB values zero-filling doubled the device bytes for no faster force.
     */
    @Test
    void aSegmentAfterLargeRecordsIsSparseEvenWhenZeroFilling() throws IOException {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        AtomicLong written = newSegmentBytes(fs);
        List<Op> large = new ArrayList<>(); // about 70 KB: above LARGE_RECORDS and the 64 KiB segment
        for (int i = 0; i < 70; i++) {
            large.add(Op.put(("v" + i).getBytes(), new byte[1000]));
        }
        try (LogWriter w = new LogWriter(fs, DIR, SEGMENT, 1, List.of(), List.of(), () -> { }, salts::incrementAndGet,
                LogWriter.ValueLog.none(fs, DIR), true)) {
            assertTrue(written.get() >= SEGMENT, "the first segment is zero-filled");
            long s = 1;
            for (; s <= 3; s++) {
                written.set(0);
                w.append(s, large); // each fills a segment of its own: the next one follows large records
                assertTrue(s == 1 || written.get() <= LogFormat.SEGMENT_HEADER, "segment after large records written sparse, got " + written.get());
            }
            written.set(0);
            int segments = w.segments().size();
            while (w.segments().size() == segments) { // the segment after the last large record: sparse
                w.append(s, inline(s));
                s++;
            }
            assertTrue(written.get() <= LogFormat.SEGMENT_HEADER, "after large records: sparse, got " + written.get());
            written.set(0);
            segments = w.segments().size();
            while (w.segments().size() == segments) { // small records fill it: the next is zero-filled again
                w.append(s, inline(s));
                s++;
            }
            assertTrue(written.get() >= SEGMENT, "after small records: zero-filled, got " + written.get());
            w.sync();
            assertEquals(s - 1, LogReplayer.replay(fs.crash(), DIR, 0, PAGE, rec -> true).recordsApplied(), "every record replayed");
        }
    }

    /** Counts, from now on, the bytes written to {@code wal-new.tmp} on {@code fs}: where a new segment is prepared. */
    private static AtomicLong newSegmentBytes(MemFileIO fs) {
        AtomicLong written = new AtomicLong();
        fs.injectFaults(op -> {
            if (op.kind().equals("write") && op.file().equals("wal-new.tmp")) {
                written.addAndGet(op.length());
            }
            return null;
        });
        return written;
    }

    /** Bytes written to {@code wal-new.tmp} (where a new segment is prepared) while {@code segments} segments are made. */
    private long bytesWrittenToNewSegments(boolean zeroFill, int segments) throws IOException {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        AtomicLong written = newSegmentBytes(fs);
        try (LogWriter w = new LogWriter(fs, DIR, SEGMENT, 1, List.of(), List.of(), () -> { }, salts::incrementAndGet,
                LogWriter.ValueLog.none(fs, DIR), zeroFill)) {
            long s = 1;
            while (w.segments().size() < segments) {
                w.append(s, inline(s));
                s++;
            }
            w.sync();
            assertEquals(s - 1, LogReplayer.replay(fs.crash(), DIR, 0, PAGE, rec -> true).recordsApplied(), "every record replayed");
        }
        return written.get();
    }
}
