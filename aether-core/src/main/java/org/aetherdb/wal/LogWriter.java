package org.aetherdb.wal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;

/**
 * Appends commit records to preallocated log segments. Used by one thread at a time (the commit
 * leader, or the checkpointer under the commit lock).
 *
 * <p>Values longer than the writer's threshold stay where their record puts them: {@link
 * #append} returns the operations with {@link Logged} references to those bytes, for the tree.
 * A segment whose records a durable checkpoint covers is therefore released only when {@link
 * SegmentValues} says no version that may still be read refers to a value in it; until then it
 * is kept as a value segment (never replayed, reached only through references).
 *
 * <p>Invariants: records are written in sequence order with no gaps; a segment is forced before
 * the next one is created (and, through {@code beforeForce}, the out-of-line values its records
 * point at before it), so only the last segment can hold a torn tail; a new segment is
 * preallocated (zeros when new; a recycled spare keeps its old records, which its new salt
 * invalidates), forced and named durably before any record goes into it; each record
 * states the highest sequence number known durable when it was written ({@code syncedUpTo}).
 */
public final class LogWriter implements AutoCloseable {
    private static final SecureRandom SALTS = new SecureRandom();
    private static final byte[] ZEROS = new byte[1 << 20];
    static final String SPARE_PREFIX = "spare-";

    /**
     * A force prepared under the commit lock, to run without it: forcing segment {@code segment}
     * makes every record up to {@code upTo} durable.
     */
    public record PendingForce(String segment, long upTo) {}

    /** A live segment: its first sequence number and file name. */
    public record Segment(long startSeq, String name) {}

    /**
     * Where a record was placed, and its operations as the tree takes them: each value the record
     * holds for the tree ({@link LogFormat#OP_PUT_LOGGED}) replaced by a reference to its bytes.
     */
    public record Appended(RecordPosition position, List<Op> ops) {}

    /**
     * How the log holds values: {@code values} resolves and counts references; values longer
     * than {@code logAbove} bytes are logged; {@code kept} are segments before the replay start
     * that still hold live values (oldest first).
     */
    public record ValueLog(SegmentValues values, int logAbove, List<Segment> kept) {
        /** A log that holds no values for the tree (its records copy them, as before format version 2). */
        public static ValueLog none(FileIO io, Path dir) {
            return new ValueLog(new SegmentValues(io, dir), Integer.MAX_VALUE, List.of());
        }
    }

    private final FileIO io;
    private final Path dir;
    private final long segmentSize;
    /** Segments from the replay start on (the last is being written), oldest first. */
    private final List<Segment> segments = new ArrayList<>();
    /** Older segments, covered by the checkpoint, kept because a readable version refers to their values. */
    private final List<Segment> valueSegments = new ArrayList<>();
    private final SegmentValues values;
    private final int logAbove;
    private int[] valueAt = new int[16];
    private final Deque<String> spares = new ArrayDeque<>();
    private FileHandle current;
    private long salt;
    private long position;
    private long capacity;
    private static final int BUFFER = 1 << 16;
    /** Largest buffer kept after a flush: a record with a large value grows it, a later flush gives most back. */
    private static final int BUFFER_KEPT = 2 << 20;
    private byte[] buffer = new byte[BUFFER];
    private int buffered;
    private long lastSeq;
    /** Highest sequence number known durable: raised by the appending thread and by {@link #force(PendingForce)}. */
    private final AtomicLong durableSeq = new AtomicLong();
    /** Forces prepared under the commit lock and running without it ({@link #prepareForce}). */
    private final AtomicInteger forcesInFlight = new AtomicInteger();
    private long bytesWritten;
    /** {@link #bytesWritten} when the last force was made or prepared. */
    private long bytesAtLastForce;
    private int spareCounter;
    private final IoAction beforeForce;
    private final LongSupplier salts;
    /** New segments written with zeros (else extended sparse); see the constructor. */
    private final boolean zeroFill;
    /**
     * Records of at least this many bytes on average make the next segment sparse even when
     * {@link #zeroFill}: a forced write of 1 MiB gains little from written space, and zero-filling
     * doubled the device bytes of 1 MiB SYNC puts (155 against 238 MB/s, write amplification 2.20).
     */
    static final int LARGE_RECORDS = 64 << 10;
    /** Records appended to the current segment, and their bytes: how the next one is preallocated. */
    private long recordsInSegment;
    private long recordBytesInSegment;

    /** Work that must be durable before log records are (the data file, for out-of-line values). */
    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }

    /**
     * Starts writing at {@code nextSeq} in a new segment. {@code existing} are the segments that
     * recovery found (oldest first), kept until a checkpoint makes them obsolete.
     */
    public LogWriter(FileIO io, Path dir, long segmentSize, long nextSeq, List<Segment> existing, List<String> spareNames,
                     IoAction beforeForce) throws IOException {
        this(io, dir, segmentSize, nextSeq, existing, spareNames, beforeForce, SALTS::nextLong);
    }

    /** As above, with segment salts from {@code salts} (the deterministic simulation seeds them), logging no values. */
    public LogWriter(FileIO io, Path dir, long segmentSize, long nextSeq, List<Segment> existing, List<String> spareNames,
                     IoAction beforeForce, LongSupplier salts) throws IOException {
        this(io, dir, segmentSize, nextSeq, existing, spareNames, beforeForce, salts, ValueLog.none(io, dir));
    }

    /** As above, holding values in the log as {@code valueLog} says; new segments zero-filled. */
    public LogWriter(FileIO io, Path dir, long segmentSize, long nextSeq, List<Segment> existing, List<String> spareNames,
                     IoAction beforeForce, LongSupplier salts, ValueLog valueLog) throws IOException {
        this(io, dir, segmentSize, nextSeq, existing, spareNames, beforeForce, salts, valueLog, true);
    }

    /**
     * As above; {@code zeroFill} says how a new segment gets its size. Zeros: a forced write into
     * written space syncs about 1.5x faster than into a sparse file (measured here: ~10K against ~6.5K fdatasyncs/s), worth
     * it when commits force the log one by one; but each byte of the segment is then written
     * twice, which doubles the device bytes of values kept in the log. Without it the file is
     * extended sparse (reads as zeros, so recovery sees the same end of log), for databases whose
     * commits do not force the log each, and after a segment of large records (see
     * {@link #LARGE_RECORDS}).
     */
    public LogWriter(FileIO io, Path dir, long segmentSize, long nextSeq, List<Segment> existing, List<String> spareNames,
                     IoAction beforeForce, LongSupplier salts, ValueLog valueLog, boolean zeroFill) throws IOException {
        this.zeroFill = zeroFill;
        this.values = valueLog.values();
        this.logAbove = valueLog.logAbove();
        this.valueSegments.addAll(valueLog.kept());
        this.salts = salts;
        this.beforeForce = beforeForce;
        this.io = io;
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.segments.addAll(existing);
        this.spares.addAll(spareNames);
        for (String s : spareNames) {
            spareCounter = Math.max(spareCounter, parseSpare(s) + 1);
        }
        this.lastSeq = nextSeq - 1;
        this.durableSeq.set(nextSeq - 1);
        if (!segments.isEmpty() && segments.getLast().startSeq() < nextSeq) {
            // Recovery may have read records the OS had not yet written to disk: make them durable
            // before a new segment makes this one "not the last".
            beforeForce.run();
            try (FileHandle last = io.open(dir.resolve(segments.getLast().name()), false)) {
                last.force();
            }
        }
        if (!segments.isEmpty() && segments.getLast().startSeq() == nextSeq) {
            // Recovery found a segment starting exactly here (with no valid record): the new
            // segment replaces it, by the rename that names it (FileIO.rename replaces atomically).
            segments.removeLast();
        }
        openSegment(nextSeq, 0);
    }

    static int parseSpare(String name) {
        try {
            return Integer.parseInt(name.substring(SPARE_PREFIX.length(), name.length() - 4));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Highest sequence number appended (written or buffered). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Highest sequence number known to be on stable storage. */
    public long durableSeq() {
        return durableSeq.get();
    }

    /** Bytes appended (written or buffered) since the last force was made or prepared. */
    public long unforcedBytes() {
        return bytesWritten + buffered - bytesAtLastForce;
    }

    /** Log bytes written since this writer was created. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Segments from the replay start on, oldest first. */
    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    /** Segments before the replay start kept for the values they hold, oldest first. */
    public List<Segment> valueSegments() {
        return List.copyOf(valueSegments);
    }

    /** Resolves and counts the values the tree refers to in this log. */
    public SegmentValues values() {
        return values;
    }

    /**
     * Buffers record {@code seq} (must be {@link #lastSeq()} + 1); may roll to a new segment.
     *
     * @return where the record will lie once flushed, and the operations with references to the
     *         values it holds for the tree
     */
    public Appended append(long seq, List<Op> ops) throws IOException {
        if (seq != lastSeq + 1) {
            throw new IllegalStateException("log sequence gap: appending " + seq + " after " + lastSeq);
        }
        if (forcesInFlight.get() > 0 && pointsOutOfLine(ops)) {
            // A force running without the lock may make this record durable at any moment:
            // the values it points at go first (see prepareForce).
            beforeForce.run();
        }
        int size = RecordCodec.size(ops);
        if (position + buffered + size > capacity) {
            flush();
            roll(seq, size);
        }
        if (buffered + size > buffer.length) {
            if (buffered > 0) {
                flush();
            }
            if (size > buffer.length) {
                buffer = new byte[Math.max(size, buffer.length)];
            }
        }
        RecordPosition at = new RecordPosition(segments.getLast().startSeq(), Math.toIntExact(position + buffered));
        if (valueAt.length < ops.size()) {
            valueAt = new int[ops.size()];
        }
        buffered = RecordCodec.encode(buffer, buffered, salt, seq, durableSeq.get(), ops, logAbove, valueAt);
        recordsInSegment++;
        recordBytesInSegment += size;
        lastSeq = seq;
        return new Appended(at, referenced(at, ops));
    }

    /** {@code ops} with each logged value replaced by its reference (the list itself when none is logged). */
    private List<Op> referenced(RecordPosition at, List<Op> ops) {
        List<Op> out = null;
        for (int i = 0; i < ops.size(); i++) {
            if (valueAt[i] < 0) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(ops);
            }
            Op op = ops.get(i);
            byte[] v = ((Inline) op.value()).bytes();
            out.set(i, new Op(op.key(), new Logged(at.segmentStart(), at.offset() + valueAt[i], v.length, Checksums.crc(0, v, 0, v.length))));
        }
        return out == null ? ops : out;
    }

    /** Writes buffered records to the segment file (the OS page cache; not yet durable). */
    public void flush() throws IOException {
        if (buffered > 0) {
            current.writeFully(position, buffer, 0, buffered); // in chunks of at most 1 MiB (NioFileHandle)
            position += buffered;
            bytesWritten += buffered;
            buffered = 0;
            if (buffer.length > BUFFER_KEPT) {
                buffer = new byte[BUFFER];
            }
        }
    }

    private static boolean pointsOutOfLine(List<Op> ops) {
        for (Op op : ops) {
            if (op.value() instanceof OutOfLine) {
                return true;
            }
        }
        return false;
    }

    /** Flushes and forces: everything appended so far becomes durable. */
    public void sync() throws IOException {
        flush();
        if (durableSeq.get() < lastSeq) {
            current.force();
            durableSeq.accumulateAndGet(lastSeq, Math::max);
        }
        bytesAtLastForce = bytesWritten;
    }

    /**
     * Under the commit lock: writes out what is buffered and returns the force that makes every
     * record appended so far durable (null when they already are), for {@link #force} to run
     * without the lock, so that writers go on meanwhile (a checkpoint forcing megabytes of values
     * held them up). The caller forces out-of-line values first, as {@code beforeForce} would.
     * Until that force ends, the records appended meanwhile (which it may make durable too) have
     * their out-of-line values forced before they are written. Only the last segment is ever
     * pending: a roll forces the segment it leaves, under the lock.
     */
    public PendingForce prepareForce() throws IOException {
        flush();
        if (durableSeq.get() >= lastSeq) {
            return null;
        }
        bytesAtLastForce = bytesWritten;
        forcesInFlight.incrementAndGet();
        return new PendingForce(segments.getLast().name(), lastSeq);
    }

    /**
     * Without the commit lock, one call per {@link #prepareForce}: forces the segment through a
     * handle of its own (the appending thread may write to it, or roll away from it, meanwhile).
     * A segment gone by then was released, which only a durable checkpoint covering all its
     * records does (a roll forced it first): nothing is left to force.
     */
    public void force(PendingForce pending) throws IOException {
        try (FileHandle f = io.open(dir.resolve(pending.segment()), false)) {
            f.force();
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException released) {
            return;
        } finally {
            forcesInFlight.decrementAndGet();
        }
        durableSeq.accumulateAndGet(pending.upTo(), Math::max);
    }

    private void roll(long nextSeq, int recordSize) throws IOException {
        beforeForce.run();
        current.force(); // only the last segment may end in a torn tail
        durableSeq.accumulateAndGet(lastSeq, Math::max);
        bytesAtLastForce = bytesWritten;
        current.close();
        if (segments.getLast().startSeq() == nextSeq) {
            // The current segment holds no record (the first one is larger than it): the new,
            // larger segment replaces it, by the rename that names it (as in the constructor).
            segments.removeLast();
        }
        openSegment(nextSeq, recordSize);
    }

    private void openSegment(long startSeq, int firstRecordSize) throws IOException {
        long averageRecord = recordsInSegment == 0 ? firstRecordSize : recordBytesInSegment / recordsInSegment;
        boolean zeros = zeroFill && averageRecord < LARGE_RECORDS;
        recordsInSegment = 0;
        recordBytesInSegment = 0;
        long size = Math.max(segmentSize, LogFormat.SEGMENT_HEADER + (long) firstRecordSize);
        String name = LogFormat.segmentName(startSeq);
        Path target = dir.resolve(name);
        long newSalt = salts.getAsLong();
        String spare = spares.pollFirst();
        FileHandle f;
        Path from;
        if (spare != null) {
            from = dir.resolve(spare);
            f = io.open(from, false);
            if (f.size() < size) {
                preallocate(f, f.size(), size, zeros);
            }
        } else {
            from = dir.resolve("wal-new.tmp");
            f = io.open(from, true);
            preallocate(f, 0, size, zeros);
        }
        f.writeFully(0, java.nio.ByteBuffer.wrap(LogFormat.segmentHeader(startSeq, newSalt, f.size())));
        f.force();
        f.close();
        io.rename(from, target);
        io.syncDirectory(dir);
        current = io.open(target, false);
        capacity = current.size();
        salt = newSalt;
        position = LogFormat.SEGMENT_HEADER;
        segments.add(new Segment(startSeq, name));
    }

    private void preallocate(FileHandle f, long from, long to, boolean zeros) throws IOException {
        if (!zeros) {
            f.truncate(to); // extends with zeros (sparse): forced, with the header, below
            return;
        }
        for (long p = from; p < to; p += ZEROS.length) {
            f.writeFully(p, ZEROS, 0, (int) Math.min(ZEROS.length, to - p));
        }
    }

    /** {@link #releaseUpTo(long, long)} when no reader is registered. */
    public void releaseUpTo(long checkpointSeq) throws IOException {
        releaseUpTo(checkpointSeq, checkpointSeq);
    }

    /**
     * After a durable checkpoint covering {@code checkpointSeq}, with {@code oldestNeeded} the
     * older of that and the oldest registered reader's version: segments whose records are all
     * covered stop being replayed; of those, each that no version from {@code oldestNeeded} on
     * refers to becomes a spare (up to two kept for reuse, the rest deleted), the others are kept
     * for their values.
     */
    public void releaseUpTo(long checkpointSeq, long oldestNeeded) throws IOException {
        while (segments.size() > 1 && segments.get(1).startSeq() <= checkpointSeq + 1) {
            valueSegments.add(segments.removeFirst());
        }
        boolean changed = false;
        for (var it = valueSegments.iterator(); it.hasNext(); ) {
            Segment old = it.next();
            if (!values.table().releasable(old.startSeq(), oldestNeeded)) {
                continue;
            }
            it.remove();
            values.forget(old.startSeq());
            values.table().remove(old.startSeq());
            if (spares.size() < 2) {
                String spare = SPARE_PREFIX + (spareCounter++) + ".wal";
                io.rename(dir.resolve(old.name()), dir.resolve(spare));
                spares.add(spare);
            } else {
                io.delete(dir.resolve(old.name()));
            }
            changed = true;
        }
        if (changed) {
            io.syncDirectory(dir);
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
