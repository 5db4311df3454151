package org.aetherdb.wal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.LogFormat;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;

/**
 * Reads the log after a checkpoint and hands every record to a visitor in sequence order.
 *
 * <p>Where the records stop is decided as follows. Within a segment, records must carry
 * consecutive sequence numbers; reading a segment ends when the next segment's start is reached.
 * A record that is damaged (bad length, sequence number or checksum), or that the visitor rejects
 * (its out-of-line value is not intact), ends the
 * log if it is in the last segment and no later valid record in that segment says (through its
 * {@code syncedUpTo}) that the damaged one was durable: that is a torn tail and is cut. Anything
 * else is corruption and raises {@link CorruptDataException}: damage in a segment that is not the
 * last (segments are forced before the next is created), a gap between segments, a missing
 * segment, or damage that a later durable record vouches for. A record whose checksum is valid
 * but whose content does not decode is always corruption (it was written that way).
 */
public final class LogReplayer {
    /** Receives records; returns false when the record refers to data that fails validation. */
    public interface Visitor {
        boolean apply(LogRecord record);
    }

    /**
     * Where the log ends. {@code nextSeq} is the sequence number the next commit takes: one past
     * the last valid record, and never at or below the checkpoint's sequence. {@code segments}
     * are those replayed from; {@code older} are those before, whose records the checkpoint holds
     * (kept only for values the tree refers to in them).
     */
    public record Result(long nextSeq, List<LogWriter.Segment> segments, List<String> spares, long recordsApplied,
                         String tailCut, List<LogWriter.Segment> older) {}

    private LogReplayer() {}

    /**
     * The error to raise when replay stopped at a record the visitor rejected because its
     * out-of-line value {@code damage} is not intact, and the log then proved that record durable
     * ({@code logError}): the damaged bytes are the value's, so the error names the data file
     * and the value's offset, not the log.
     */
    public static CorruptDataException durableRecordWithDamagedValue(CorruptDataException damage, CorruptDataException logError) {
        return new CorruptDataException(damage.file(), damage.offset(), "out-of-line value of a durable log record is damaged: "
                + damage.getMessage() + " (" + logError.getMessage() + ")");
    }

    public static Result replay(FileIO io, Path dir, long checkpointSeq, int pageSize, Visitor visitor) throws IOException {
        List<LogWriter.Segment> all = new ArrayList<>();
        List<String> spares = new ArrayList<>();
        for (String name : io.list(dir)) {
            long start = LogFormat.parseSegmentName(name);
            if (start >= 0) {
                all.add(new LogWriter.Segment(start, name));
            } else if (name.startsWith(LogWriter.SPARE_PREFIX) && name.endsWith(".wal")) {
                spares.add(name);
            }
        }
        all.sort((a, b) -> Long.compareUnsigned(a.startSeq(), b.startSeq()));
        int first = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startSeq() <= checkpointSeq + 1) {
                first = i;
            }
        }
        if (first < 0) {
            if (!all.isEmpty()) {
                throw new CorruptDataException(all.getFirst().name(), 0, "log starts at " + all.getFirst().startSeq()
                        + " but the checkpoint ends at " + checkpointSeq + ": records in between are missing");
            }
            return new Result(checkpointSeq + 1, List.of(), spares, 0, null, List.of());
        }
        List<LogWriter.Segment> live = new ArrayList<>(all.subList(first, all.size()));
        long expected = live.getFirst().startSeq();
        long applied = 0;
        String tailCut = null;
        for (int i = 0; i < live.size(); i++) {
            LogWriter.Segment seg = live.get(i);
            boolean last = i == live.size() - 1;
            long stopAt = last ? Long.MAX_VALUE : live.get(i + 1).startSeq();
            if (seg.startSeq() != expected) {
                throw new CorruptDataException(seg.name(), 0, "log segment starts at " + seg.startSeq() + ", expected " + expected);
            }
            SegmentScan scan = new SegmentScan(io, dir.resolve(seg.name()), seg, checkpointSeq, pageSize, visitor, stopAt, last);
            scan.run();
            expected = scan.expected;
            applied += scan.applied;
            if (scan.tailCut != null) {
                tailCut = scan.tailCut;
            }
            if (!last && expected != stopAt) {
                throw new CorruptDataException(seg.name(), scan.stopOffset, "log record " + expected
                        + " is damaged or missing, yet a later segment starts at " + stopAt);
            }
        }
        List<LogWriter.Segment> older = List.copyOf(all.subList(0, first));
        // The log may end before the checkpoint (NONE commits the checkpoint holds but whose
        // unforced records a power loss took): the next commit still follows the checkpoint.
        return new Result(Math.max(expected, checkpointSeq + 1), live, spares, applied, tailCut, older);
    }

    /**
     * The operations of {@code segment}'s records that keep their value in the log (key and
     * {@link org.aetherdb.format.Logged} reference), in record order: for the collector, which
     * reads a value segment (every record of it covered by the checkpoint and forced) from its
     * first record up to the first that is not the next valid one.
     */
    public static List<org.aetherdb.format.Op> loggedValues(FileIO io, Path dir, LogWriter.Segment segment, int pageSize)
            throws IOException {
        List<org.aetherdb.format.Op> out = new ArrayList<>();
        Visitor collect = rec -> {
            for (org.aetherdb.format.Op op : rec.ops()) {
                if (op.value() instanceof org.aetherdb.format.Logged) {
                    out.add(op);
                }
            }
            return true;
        };
        new SegmentScan(io, dir.resolve(segment.name()), segment, segment.startSeq() - 1, pageSize, collect, Long.MAX_VALUE, false).run();
        return out;
    }

    /** Reads one segment into memory and walks its records. */
    private static final class SegmentScan {
        private final String name;
        private final long segmentStart;
        private final byte[] data;
        private final long salt;
        private final long checkpointSeq;
        private final int pageSize;
        private final Visitor visitor;
        private final long stopAt;
        private final boolean last;
        long expected;
        long applied;
        long stopOffset;
        String tailCut;

        SegmentScan(FileIO io, Path file, LogWriter.Segment seg, long checkpointSeq, int pageSize, Visitor visitor, long stopAt,
                    boolean last) throws IOException {
            this.name = seg.name();
            this.segmentStart = seg.startSeq();
            try (FileHandle f = io.openReadOnly(file)) {
                long size = f.size();
                if (size < LogFormat.SEGMENT_HEADER || size > Integer.MAX_VALUE - 8) {
                    throw new CorruptDataException(name, 0, "log segment size " + size + " impossible");
                }
                data = new byte[(int) size];
                f.readFully(0, data, 0, data.length);
            }
            this.salt = LogFormat.checkSegmentHeader(data, seg.startSeq(), name, data.length);
            this.checkpointSeq = checkpointSeq;
            this.pageSize = pageSize;
            this.visitor = visitor;
            this.stopAt = stopAt;
            this.last = last;
            this.expected = seg.startSeq();
        }

        void run() {
            int p = LogFormat.SEGMENT_HEADER;
            while (expected < stopAt) {
                LogRecord rec = recordAt(p, expected);
                if (rec == null || (rec.seq() > checkpointSeq && !visitor.apply(rec))) {
                    stopOffset = p;
                    if (last) {
                        endOfLog(p);
                    }
                    return;
                }
                if (rec.seq() > checkpointSeq) {
                    applied++;
                }
                p += LogFormat.align8(LogFormat.RECORD_HEADER + Bytes.getInt(data, p + 4));
                expected++;
            }
        }

        /** The valid record with sequence {@code seq} at {@code p}, or null. */
        private LogRecord recordAt(int p, long seq) {
            if (p + LogFormat.RECORD_HEADER > data.length) {
                return null;
            }
            int len = Bytes.getInt(data, p + 4);
            if (len < 0 || len > data.length - p - LogFormat.RECORD_HEADER || Bytes.getLong(data, p + 8) != seq) {
                return null;
            }
            int total = LogFormat.RECORD_HEADER + len;
            byte[] rec = java.util.Arrays.copyOfRange(data, p, p + total);
            if (!RecordCodec.checksumOk(rec, total, salt)) {
                return null;
            }
            return RecordCodec.decode(rec, total, name, new RecordPosition(segmentStart, p), pageSize);
        }

        /**
         * The log ends at {@code p}. If any later record in this segment is valid and says record
         * {@code expected} was durable, the damage is corruption; otherwise it is a torn tail
         * (or the clean end of the log).
         */
        private void endOfLog(int p) {
            for (int q = p + 8; q + LogFormat.RECORD_HEADER <= data.length; q += 8) {
                long seq = Bytes.getLong(data, q + 8);
                if (seq <= expected || seq - expected > (1L << 40)) {
                    continue;
                }
                LogRecord later = recordAt(q, seq);
                if (later != null && later.syncedUpTo() >= expected) {
                    throw new CorruptDataException(name, p, "log record " + expected + " is damaged but record " + seq
                            + " at offset " + q + " shows it was durable");
                }
            }
            // Report a cut only for a damaged record of ours; zeros and a recycled segment's old
            // records (smaller sequence numbers) are the normal end of the log.
            boolean ours = p + 16 <= data.length && Bytes.getLong(data, p + 8) == expected;
            if (ours) {
                tailCut = name + " at offset " + p + " (record " + expected + ")";
            }
        }
    }
}
