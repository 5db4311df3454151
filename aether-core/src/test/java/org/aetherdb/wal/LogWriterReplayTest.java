package org.aetherdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.HookedFileIO;
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Op;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * {@link LogWriter} and {@link LogReplayer} together, on the in-memory file system: where replay
 * says the log ends for every kind of damage its contract names (torn tail cut, damage in an
 * earlier segment, damage a later record vouches for, missing segments, rejected records,
 * recycled spares), and which of the writer's forces and directory syncs a power loss
 * ({@link MemFileIO#crash()}) needs. Sequence numbers are checked record by record, and the
 * operations' bytes are compared with what was appended.
 */
class LogWriterReplayTest {
    private static final Path DIR = Path.of("/mem/log");
    private static final int PAGE = 4096;
    private static final long SEGMENT = 4096;

    private MemFileIO io = new MemFileIO();
    private final AtomicLong salts = new AtomicLong(1000);
    private int beforeForceCalls;

    LogWriterReplayTest() {
        io.createDirectories(DIR);
    }

    private LogWriter writer(long nextSeq, List<LogWriter.Segment> existing, List<String> spares) throws IOException {
        return new LogWriter(io, DIR, SEGMENT, nextSeq, existing, spares, () -> beforeForceCalls++, salts::incrementAndGet);
    }

    private static byte[] key(long seq) {
        return ("key-" + seq).getBytes();
    }

    private static byte[] value(long seq) {
        byte[] v = new byte[200];
        Arrays.fill(v, (byte) seq);
        return v;
    }

    /** One put per record: the same size for every seq below 10,000 (key "key-NNNN" or shorter, padded to 8). */
    private static List<Op> ops(long seq) {
        return List.of(Op.put(key(seq), value(seq)));
    }

    private static final int RECORD = RecordCodec.size(ops(1000));

    /** Records 1..{@code last}, synced, in a new writer that is then closed; returns its segments. */
    private List<LogWriter.Segment> written(long last) throws IOException {
        try (LogWriter w = writer(1, List.of(), List.of())) {
            append(w, 1, last);
            w.sync();
            return w.segments();
        }
    }

    private static void append(LogWriter w, long from, long to) throws IOException {
        for (long s = from; s <= to; s++) {
            w.append(s, ops(s));
        }
    }

    /** Replays from {@code checkpointSeq}; returns the visited sequence numbers and checks each record's bytes. */
    private LogReplayer.Result replay(long checkpointSeq, List<Long> seen, LongPredicate accept) throws IOException {
        return LogReplayer.replay(io, DIR, checkpointSeq, PAGE, rec -> {
            if (!accept.test(rec.seq())) {
                return false;
            }
            seen.add(rec.seq());
            assertEquals(1, rec.ops().size());
            assertArrayEquals(key(rec.seq()), rec.ops().getFirst().key());
            assertArrayEquals(value(rec.seq()), ((Inline) rec.ops().getFirst().value()).bytes());
            return true;
        });
    }

    private List<Long> replayAll(long checkpointSeq) throws IOException {
        List<Long> seen = new ArrayList<>();
        replay(checkpointSeq, seen, s -> true);
        return seen;
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            r.add(s);
        }
        return r;
    }

    /** Offset of record {@code seq} in the segment starting at {@code start} (all records are {@link #RECORD} bytes). */
    private static int offset(long start, long seq) {
        return LogFormat.SEGMENT_HEADER + (int) (seq - start) * RECORD;
    }

    /** Flips one payload byte of record {@code seq}, which lives in {@code seg}. */
    private void damage(LogWriter.Segment seg, long seq) throws IOException {
        Path p = DIR.resolve(seg.name());
        byte[] b = io.contents(p);
        b[offset(seg.startSeq(), seq) + LogFormat.RECORD_HEADER + 3] ^= 0x40;
        io.setContents(p, b);
    }

    private LogWriter.Segment segmentOf(List<LogWriter.Segment> segs, long seq) {
        LogWriter.Segment found = null;
        for (LogWriter.Segment s : segs) {
            if (s.startSeq() <= seq) {
                found = s;
            }
        }
        return found;
    }

    private List<String> walFiles() throws IOException {
        return walFilesOf(io);
    }

    private static List<String> walFilesOf(MemFileIO fs) throws IOException {
        return fs.list(DIR).stream().filter(n -> n.endsWith(".log") || n.endsWith(".wal") || n.endsWith(".tmp")).sorted().toList();
    }

    /**
     * Regression (found when values up to 1 MiB went through the log): a first record larger than
     * the empty segment it was to go into rolled to a new segment with the same start sequence
     * and name, listed twice; the checkpoint's release then renamed the file once and failed on
     * the second entry. The larger segment now replaces the empty one.
     */
    @Test
    void aFirstRecordLargerThanTheSegmentReplacesTheEmptySegment() throws IOException {
        List<Op> big = new ArrayList<>(); // three segments' worth of values, each within the inline limit
        for (int i = 0; i < 12; i++) {
            big.add(Op.put(("big-" + i).getBytes(), new byte[1000]));
        }
        try (LogWriter w = writer(1, List.of(), List.of())) {
            w.append(1, big);
            w.append(2, ops(2));
            w.sync();
            assertEquals(w.segments().size(), w.segments().stream().map(LogWriter.Segment::name).distinct().count(),
                    "each segment listed once: " + w.segments());
            assertEquals(1, w.segments().getFirst().startSeq());
            List<Long> seen = new ArrayList<>();
            LogReplayer.replay(io.crash(), DIR, 0, PAGE, rec -> seen.add(rec.seq()) && (rec.seq() != 1 || rec.ops().size() == 12));
            assertEquals(List.of(1L, 2L), seen, "both records durable and replayed whole");
            w.releaseUpTo(2); // each covered segment renamed to a spare or deleted once (threw FileNotFoundException)
            assertEquals(1, w.segments().size());
        }
    }

    @Test
    void everyRecordReplaysInOrderAcrossSegments() throws IOException {
        List<LogWriter.Segment> segs;
        try (LogWriter w = writer(1, List.of(), List.of())) {
            append(w, 1, 40);
            assertEquals(40, w.lastSeq());
            w.sync();
            assertEquals(40, w.durableSeq());
            assertEquals(40L * RECORD, w.bytesWritten());
            segs = w.segments();
        }
        assertTrue(segs.size() >= 3, "small segments roll: " + segs);
        assertEquals(1, segs.getFirst().startSeq());
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = replay(0, seen, s -> true);
        assertEquals(range(1, 40), seen);
        assertEquals(41, r.nextSeq());
        assertEquals(40, r.recordsApplied());
        assertNull(r.tailCut());
        assertEquals(segs, r.segments());
        assertEquals(List.of(), r.older());
        assertEquals(List.of(), r.spares());
    }

    @Test
    void aCheckpointSkipsWhatItCoversAndNamesWhollyCoveredSegmentsObsolete() throws IOException {
        List<LogWriter.Segment> segs = written(40);
        long second = segs.get(1).startSeq();
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = replay(second + 1, seen, s -> true);
        assertEquals(range(second + 2, 40), seen);
        assertEquals(40 - second - 1, r.recordsApplied());
        assertEquals(List.of(segs.getFirst()), r.older());
        assertEquals(segs.subList(1, segs.size()), r.segments());
        // a checkpoint that ends exactly before a segment's first record: the segment before it is obsolete too
        r = replay(second - 1, new ArrayList<>(), s -> true);
        assertEquals(List.of(segs.getFirst()), r.older());
        assertEquals(40 - second + 1, r.recordsApplied());
        // everything covered, and a checkpoint ahead of the log (NONE commits lost from the log): next follows the checkpoint
        assertEquals(List.of(), replayAll(40));
        assertEquals(41, replay(40, new ArrayList<>(), s -> true).nextSeq());
        LogReplayer.Result ahead = replay(55, new ArrayList<>(), s -> true);
        assertEquals(56, ahead.nextSeq());
        assertEquals(0, ahead.recordsApplied());
    }

    @Test
    void anEmptyDirectoryHasNoLog() throws IOException {
        LogReplayer.Result r = replay(7, new ArrayList<>(), s -> true);
        assertEquals(8, r.nextSeq());
        assertEquals(List.of(), r.segments());
        assertEquals(0, r.recordsApplied());
    }

    @Test
    void aTornTailInTheLastSegmentIsCut() throws IOException {
        List<LogWriter.Segment> segs = written(40);
        damage(segs.getLast(), 40);
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = replay(0, seen, s -> true);
        assertEquals(range(1, 39), seen);
        assertEquals(40, r.nextSeq());
        assertEquals(segs.getLast().name() + " at offset " + offset(segs.getLast().startSeq(), 40) + " (record 40)", r.tailCut());
    }

    @Test
    void damageInASegmentThatIsNotTheLastIsCorruption() throws IOException {
        List<LogWriter.Segment> segs = written(40);
        damage(segs.getFirst(), 3);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> replayAll(0));
        assertEquals(segs.getFirst().name(), e.file());
        assertEquals(offset(1, 3), e.offset());
        // the last record of an earlier segment, too
        io = new MemFileIO();
        io.createDirectories(DIR);
        segs = written(40);
        long lastOfFirst = segs.get(1).startSeq() - 1;
        damage(segs.getFirst(), lastOfFirst);
        e = assertThrows(CorruptDataException.class, () -> replayAll(0));
        assertEquals(segs.getFirst().name(), e.file());
        assertTrue(e.getMessage().contains("record " + lastOfFirst), e.getMessage());
    }

    /** Records 1; sync; 2, 3; sync; 4; sync: record 4 says 1-3 were durable, record 3 says only 1 was. */
    private LogWriter.Segment vouchingLog() throws IOException {
        try (LogWriter w = writer(1, List.of(), List.of())) {
            w.append(1, ops(1));
            w.sync();
            w.append(2, ops(2));
            w.append(3, ops(3));
            w.sync();
            w.append(4, ops(4));
            w.sync();
            assertEquals(1, w.segments().size());
            return w.segments().getFirst();
        }
    }

    @Test
    void damageThatALaterRecordVouchesForIsCorruption() throws IOException {
        LogWriter.Segment seg = vouchingLog();
        damage(seg, 3); // record 4 (syncedUpTo 3) shows 3 was durable
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> replayAll(0));
        assertEquals(seg.name(), e.file());
        assertEquals(offset(1, 3), e.offset());
        assertTrue(e.getMessage().contains("record 4 at offset " + offset(1, 4)), e.getMessage());
    }

    @Test
    void damageNoLaterRecordVouchesForIsATornTail() throws IOException {
        LogWriter.Segment seg;
        try (LogWriter w = writer(1, List.of(), List.of())) {
            w.append(1, ops(1));
            w.sync();
            append(w, 2, 4); // 3 and 4 say only 1 was durable
            w.sync();
            seg = w.segments().getFirst();
        }
        damage(seg, 2);
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = replay(0, seen, s -> true);
        assertEquals(List.of(1L), seen);
        assertEquals(2, r.nextSeq());
        assertTrue(r.tailCut().endsWith("(record 2)"), r.tailCut());
        // and the last record of the vouching log is a torn tail too
        io = new MemFileIO();
        io.createDirectories(DIR);
        seg = vouchingLog();
        damage(seg, 4);
        seen.clear();
        assertEquals(4, replay(0, seen, s -> true).nextSeq());
        assertEquals(range(1, 3), seen);
    }

    @Test
    void aMissingSegmentIsCorruption() throws IOException {
        List<LogWriter.Segment> segs = written(60);
        assertTrue(segs.size() >= 4, segs.toString());
        io.delete(DIR.resolve(segs.get(1).name()));
        CorruptDataException gap = assertThrows(CorruptDataException.class, () -> replayAll(0));
        assertEquals(segs.get(0).name(), gap.file());
        io.delete(DIR.resolve(segs.get(0).name()));
        CorruptDataException missing = assertThrows(CorruptDataException.class, () -> replayAll(0));
        assertEquals(segs.get(2).name(), missing.file());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        // replay from a checkpoint the remaining segments do cover is fine
        assertEquals(range(segs.get(2).startSeq(), 60), replayAll(segs.get(2).startSeq() - 1));
    }

    @Test
    void aRejectedRecordEndsTheLogOnlyInTheLastSegment() throws IOException {
        List<LogWriter.Segment> segs = written(40);
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = replay(0, seen, s -> s != 38);
        assertEquals(range(1, 37), seen);
        assertEquals(38, r.nextSeq());
        assertEquals(segs.getLast().name() + " at offset " + offset(segs.getLast().startSeq(), 38) + " (record 38)", r.tailCut());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> replay(0, new ArrayList<>(), s -> s != 5));
        assertEquals(segs.getFirst().name(), e.file());
        assertEquals(offset(1, 5), e.offset());
    }

    @Test
    void recycledSparesKeepTheirOldRecordsOutOfTheLog() throws IOException {
        try (LogWriter w = writer(1, List.of(), List.of())) {
            append(w, 1, 60); // segments start at 1, 17, 33, 49 (16 records each)
            w.sync();
            assertEquals(4, w.segments().size(), w.segments().toString());
            w.releaseUpTo(50);
            assertEquals(List.of(new LogWriter.Segment(49, LogFormat.segmentName(49))), w.segments());
            assertEquals(List.of("spare-0.wal", "spare-1.wal", LogFormat.segmentName(49)), walFiles(),
                    "two spares kept, the third released segment deleted");
            io.open(DIR.resolve("data.aedb"), true).close();
            io.open(DIR.resolve("notes.wal"), true).close();
            io.open(DIR.resolve("spare-5.tmp"), true).close();
            assertEquals(List.of("spare-0.wal", "spare-1.wal"), replay(50, new ArrayList<>(), s -> true).spares().stream().sorted().toList(),
                    "replay hands only spare-*.wal files back as spares");
            for (String other : List.of("data.aedb", "notes.wal", "spare-5.tmp")) {
                io.delete(DIR.resolve(other));
            }
            // 65 reuses spare-0, 81 spare-1, whose records 27-32 (old salt) lie after record 90
            append(w, 61, 90);
            w.sync();
        }
        assertEquals(List.of(LogFormat.segmentName(49), LogFormat.segmentName(65), LogFormat.segmentName(81)), walFiles());
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = replay(50, seen, s -> true);
        assertEquals(range(51, 90), seen);
        assertNull(r.tailCut(), "a recycled segment's old records are the clean end of the log");
        assertEquals(91, r.nextSeq());
    }

    @Test
    void releaseKeepsTwoSparesDeletesTheRestAndMakesItDurable() throws IOException {
        io.open(DIR.resolve("spare-7.wal"), true).close();
        try (LogWriter w = writer(1, List.of(), List.of("spare-7.wal"))) {
            append(w, 1, 80);
            w.sync();
            List<LogWriter.Segment> segs = w.segments();
            assertTrue(segs.size() >= 5, segs.toString());
            // covers every record of all but the last segment: those go
            w.releaseUpTo(segs.getLast().startSeq() - 1);
            assertEquals(List.of(segs.getLast()), w.segments());
            assertEquals(List.of("spare-8.wal", "spare-9.wal", segs.getLast().name()),
                    walFilesOf(io.crash()), "the renames and deletes were synced before releaseUpTo returned");
            // the writer's spare-7 was consumed by its first segment, so the released ones are numbered from 8
            assertEquals(List.of("spare-8.wal", "spare-9.wal", segs.getLast().name()), walFiles());
            // a checkpoint short of the next segment's first record releases nothing
            w.releaseUpTo(80);
            assertEquals(List.of(segs.getLast()), w.segments());
        }
        io = io.crash();
        assertEquals(3, walFiles().size(), "the renames and deletes were synced: " + walFiles());
        assertEquals(8, LogWriter.parseSpare("spare-8.wal"));
        assertEquals(0, LogWriter.parseSpare("spare-x.wal"));
    }

    @Test
    void syncMakesRecordsSurviveAPowerLoss() throws IOException {
        LogWriter w = writer(1, List.of(), List.of());
        append(w, 1, 5);
        w.sync();
        append(w, 6, 7); // buffered, never written
        io = io.crash();
        assertEquals(range(1, 5), replayAll(0));
    }

    @Test
    void aRollForcesTheFullSegmentAndItsValuesFirst() throws IOException {
        LogWriter w = writer(1, List.of(), List.of());
        append(w, 1, 40); // rolls at least twice, never synced
        int rolls = w.segments().size() - 1;
        assertTrue(rolls >= 2);
        assertEquals(rolls, beforeForceCalls, "the values' action runs before each roll's force");
        long lastStart = w.segments().getLast().startSeq();
        assertEquals(lastStart - 1, w.durableSeq());
        io = io.crash();
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = replay(0, seen, s -> true);
        assertEquals(range(1, lastStart - 1), seen, "every record of a rolled segment is durable");
        assertEquals(lastStart, r.nextSeq());
    }

    @Test
    void aNewSegmentIsDurableBeforeItsFirstRecord() throws IOException {
        LogWriter w = writer(1, List.of(), List.of());
        io = io.crash(); // right after creation: the named, preallocated segment exists
        assertEquals(List.of(LogFormat.segmentName(1)), walFiles());
        assertEquals(SEGMENT, io.contents(DIR.resolve(LogFormat.segmentName(1))).length);
        assertEquals(List.of(), replayAll(0));
        w.close();
    }

    @Test
    void reopeningForcesTheLastSegmentRecoveryRead() throws IOException {
        LogWriter first = writer(1, List.of(), List.of());
        append(first, 1, 10);
        first.flush(); // in the OS page cache only
        List<LogWriter.Segment> existing = first.segments();
        first.close();
        beforeForceCalls = 0;
        try (LogWriter second = writer(11, existing, List.of())) {
            assertEquals(1, beforeForceCalls, "values before the old segment's force");
            assertEquals(10, second.durableSeq());
            second.append(11, ops(11));
            second.sync();
            assertEquals(2, second.segments().size());
        }
        io = io.crash();
        assertEquals(range(1, 11), replayAll(0));
    }

    @Test
    void aSegmentRecoveryFoundEmptyAtTheNextSequenceIsReplaced() throws IOException {
        LogWriter first = writer(5, List.of(), List.of());
        List<LogWriter.Segment> existing = first.segments();
        first.close();
        beforeForceCalls = 0;
        try (LogWriter second = writer(5, existing, List.of())) {
            assertEquals(0, beforeForceCalls, "a segment about to be replaced is not forced first");
            assertEquals(1, second.segments().size());
            assertEquals(5, second.segments().getFirst().startSeq());
            append(second, 5, 6);
            second.sync();
        }
        assertEquals(List.of(LogFormat.segmentName(5)), walFiles());
        assertEquals(range(5, 6), replayAll(4));
    }

    @Test
    void appendRefusesAGapAndRecordsLargerThanBufferAndSegmentFit() throws IOException {
        int[] bigSize = {0};
        try (LogWriter w = writer(1, List.of(), List.of())) {
            IllegalStateException gap = assertThrows(IllegalStateException.class, () -> w.append(2, ops(2)));
            assertTrue(gap.getMessage().contains("appending 2 after 0"), gap.getMessage());
            w.append(1, ops(1));
            // 2 MiB in one record: more than the 64 KiB buffer and the 4 KiB segment size
            List<Op> big = new ArrayList<>();
            for (int i = 0; i < 128; i++) {
                byte[] v = new byte[16 << 10];
                Arrays.fill(v, (byte) i);
                big.add(Op.put(new byte[] {(byte) i, 1}, v));
            }
            bigSize[0] = RecordCodec.size(big);
            w.append(2, big);
            w.append(3, ops(3));
            w.sync();
            assertEquals(3, w.durableSeq());
        }
        byte[] second = io.contents(DIR.resolve(LogFormat.segmentName(2)));
        assertEquals(LogFormat.SEGMENT_HEADER + bigSize[0], second.length, "the segment was preallocated to hold its first record");
        assertEquals(second.length, org.aetherdb.format.Bytes.getInt(second, 24), "header records the preallocated length");
        List<Long> seen = new ArrayList<>();
        LogReplayer.replay(io, DIR, 0, 65536, rec -> {
            seen.add(rec.seq());
            if (rec.seq() == 2) {
                assertEquals(128, rec.ops().size());
                for (int i = 0; i < 128; i++) {
                    byte[] v = ((Inline) rec.ops().get(i).value()).bytes();
                    assertEquals(16 << 10, v.length);
                    assertEquals((byte) i, v[v.length - 1]);
                }
            }
            return true;
        });
        assertEquals(range(1, 3), seen);
    }

    /** A put whose record is exactly {@code bytes} long (a multiple of 8, at least 48). */
    private static List<Op> sized(long seq, int bytes) {
        byte[] key = String.format("k%07d", seq).getBytes();
        int payload = bytes - LogFormat.RECORD_HEADER;
        int value = payload - 1 - 1 - key.length - (payload - 12 < 128 ? 1 : 2);
        List<Op> ops = List.of(Op.put(key, value(seq, value)));
        assertEquals(bytes, RecordCodec.size(ops));
        return ops;
    }

    private static byte[] value(long seq, int length) {
        byte[] v = new byte[length];
        Arrays.fill(v, (byte) seq);
        return v;
    }

    private List<Long> replaySeqs(long checkpointSeq, LogReplayer.Result[] result) throws IOException {
        List<Long> seen = new ArrayList<>();
        result[0] = LogReplayer.replay(io, DIR, checkpointSeq, 65536, rec -> seen.add(rec.seq())); // values up to 20 KiB inline
        return seen;
    }

    /**
     * The position append reports is where the record lands and where replay finds it: across
     * segment rolls, a record larger than the segment size, and records buffered together.
     */
    @Test
    void appendReportsThePositionReplayReadsTheRecordAt() throws IOException {
        java.util.Map<Long, RecordPosition> appended = new java.util.TreeMap<>();
        try (LogWriter w = writer(1, List.of(), List.of())) {
            for (long s = 1; s <= 40; s++) {
                int size = s == 17 ? 9000 : 64 + 8 * (int) (s * 37 % 80); // record 17 gets a segment of its own
                appended.put(s, w.append(s, sized(s, size)).position());
                if (s % 5 == 0) {
                    w.flush();
                }
            }
            w.sync();
            assertTrue(w.segments().size() > 5, "the records span several segments");
        }
        java.util.Map<Long, RecordPosition> replayed = new java.util.TreeMap<>();
        LogReplayer.replay(io, DIR, 0, 65536, rec -> replayed.put(rec.seq(), rec.position()) == null);
        assertEquals(appended, replayed);
        for (var e : appended.entrySet()) {
            byte[] segment = io.contents(DIR.resolve(LogFormat.segmentName(e.getValue().segmentStart())));
            assertEquals(e.getKey(), org.aetherdb.format.Bytes.getLong(segment, e.getValue().offset() + 8), "seq field of record " + e.getKey());
        }
    }

    @Test
    void recordsThatFillASegmentExactlyStayInIt() throws IOException {
        // 4 records of 1016 bytes fill a 4096-byte segment after its 32-byte header to the last byte
        try (LogWriter w = writer(1, List.of(), List.of())) {
            for (long s = 1; s <= 4; s++) {
                w.append(s, sized(s, 1016));
            }
            assertEquals(1, w.segments().size(), "the fourth record fits exactly: no roll");
            w.sync();
        }
        LogReplayer.Result[] r = {null};
        assertEquals(range(1, 4), replaySeqs(0, r), "the record ending at the segment's last byte is read");
        assertEquals(5, r[0].nextSeq());
        assertNull(r[0].tailCut(), "a full segment ends cleanly");
    }

    @Test
    void aTornHeaderInTheLastSixteenBytesIsReportedAsCut() throws IOException {
        // 2 records of 2024 bytes leave 16 bytes: room for a torn header's checksum, length and sequence number
        try (LogWriter w = writer(1, List.of(), List.of())) {
            w.append(1, sized(1, 2024));
            w.append(2, sized(2, 2024));
            w.sync();
        }
        Path seg = DIR.resolve(LogFormat.segmentName(1));
        byte[] b = io.contents(seg);
        assertEquals(4096, b.length);
        org.aetherdb.format.Bytes.putInt(b, 4084, 999);
        org.aetherdb.format.Bytes.putLong(b, 4088, 3);
        io.setContents(seg, b);
        LogReplayer.Result[] r = {null};
        assertEquals(range(1, 2), replaySeqs(0, r));
        assertEquals(seg.getFileName() + " at offset 4080 (record 3)", r[0].tailCut());
    }

    @Test
    void bufferedRecordsAreWrittenBeforeALargerRecordReplacesTheBuffer() throws IOException {
        try (LogWriter w = new LogWriter(io, DIR, 8L << 20, 1, List.of(), List.of(), () -> { }, salts::incrementAndGet)) {
            w.append(1, ops(1)); // buffered
            List<Op> big = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                big.add(Op.put(new byte[] {(byte) i, 2}, value(i, 16 << 10))); // 128 KiB: more than the buffer
            }
            w.append(2, big);
            w.append(3, ops(3));
            w.sync();
            assertEquals(1, w.segments().size());
        }
        List<Long> seen = new ArrayList<>();
        LogReplayer.replay(io, DIR, 0, 65536, rec -> seen.add(rec.seq()));
        assertEquals(range(1, 3), seen);
    }

    @Test
    void aSyncWithNothingNewDoesNotForce() throws IOException {
        List<MemFileIO.Event> events = new ArrayList<>();
        try (LogWriter w = writer(1, List.of(), List.of())) {
            io.record(events::add);
            w.append(1, ops(1));
            w.sync();
            w.sync();
            w.flush();
            w.sync();
        }
        assertEquals(1, events.stream().filter(e -> e instanceof MemFileIO.Event.Forced).count(), events.toString());
        assertEquals(1, events.stream().filter(e -> e instanceof MemFileIO.Event.Wrote).count(), events.toString());
    }

    @Test
    void everyHandleTheWriterAndReplayOpenIsClosed() throws IOException {
        HookedFileIO counting = new HookedFileIO(io);
        try (LogWriter w = new LogWriter(counting, DIR, SEGMENT, 1, List.of(), List.of(), () -> { }, salts::incrementAndGet)) {
            append(w, 1, 60); // rolls three times
            w.sync();
            w.releaseUpTo(40);
            assertEquals(1, counting.openHandles.get(), "only the current segment stays open");
        }
        assertEquals(0, counting.openHandles.get(), "close() closes the current segment");
        LogWriter.Segment last;
        try (LogWriter reopened = new LogWriter(counting, DIR, SEGMENT, 61, List.of(new LogWriter.Segment(49, LogFormat.segmentName(49))),
                List.of(), () -> { }, salts::incrementAndGet)) {
            last = reopened.segments().getLast();
        }
        assertEquals(61, last.startSeq());
        assertEquals(0, counting.openHandles.get());
        LogReplayer.replay(counting, DIR, 40, PAGE, rec -> true);
        assertEquals(0, counting.openHandles.get(), "replay closes every segment it read");
    }

    @Test
    void replayDoesNotDependOnTheDirectoryListingOrder() throws IOException {
        try (LogWriter w = writer(1, List.of(), List.of())) {
            append(w, 1, 60);
            w.sync();
        }
        HookedFileIO reversed = new HookedFileIO(io);
        reversed.reverseListing = true;
        List<Long> seen = new ArrayList<>();
        LogReplayer.Result r = LogReplayer.replay(reversed, DIR, 0, PAGE, rec -> seen.add(rec.seq()));
        assertEquals(range(1, 60), seen);
        assertEquals(List.of(1L, 17L, 33L, 49L), r.segments().stream().map(LogWriter.Segment::startSeq).toList());
    }

    @Test
    void segmentsArePreallocatedToTheirSizeFromAnyStart() throws IOException {
        // larger than the 1 MiB zero buffer: filled in two writes
        try (LogWriter w = new LogWriter(io, DIR, 3L << 19, 1, List.of(), List.of(), () -> { }, salts::incrementAndGet)) {
            assertEquals(3L << 19, io.contents(DIR.resolve(LogFormat.segmentName(1))).length);
        }
        // a spare shorter than a segment is extended to it
        io.open(DIR.resolve("spare-3.wal"), true).close();
        io.setContents(DIR.resolve("spare-3.wal"), new byte[1000]);
        try (LogWriter w = writer(100, List.of(), List.of("spare-3.wal"))) {
            assertEquals(SEGMENT, io.contents(DIR.resolve(LogFormat.segmentName(100))).length);
        }
    }

    @Test
    void aRecordThatPassesItsChecksumButDoesNotDecodeIsCorruptionEvenInTheLast32Bytes() throws IOException {
        // 4 records of 1008 bytes leave exactly one record header's 32 bytes at the end of the segment
        try (LogWriter w = writer(1, List.of(), List.of())) {
            for (long s = 1; s <= 4; s++) {
                w.append(s, sized(s, 1008));
            }
            w.sync();
        }
        Path seg = DIR.resolve(LogFormat.segmentName(1));
        byte[] b = io.contents(seg);
        long salt = org.aetherdb.format.Bytes.getLong(b, 16);
        int at = 4096 - LogFormat.RECORD_HEADER;
        org.aetherdb.format.Bytes.putInt(b, at + 4, 0); // no payload: no operation
        org.aetherdb.format.Bytes.putLong(b, at + 8, 5);
        org.aetherdb.format.Bytes.putLong(b, at + 16, 4);
        org.aetherdb.format.Bytes.putInt(b, at, org.aetherdb.format.Checksums.crc(salt, b, at + 4, LogFormat.RECORD_HEADER - 4));
        io.setContents(seg, b);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> replaySeqs(0, new LogReplayer.Result[1]));
        assertEquals(seg.getFileName().toString(), e.file());
        assertTrue(e.getMessage().contains("op count 0"), e.getMessage());
    }
}
