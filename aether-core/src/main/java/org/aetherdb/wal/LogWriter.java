package org.aetherdb.wal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Op;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;

/**
 * Appends commit records to preallocated log segments. Used by one thread at a time (the commit
 * leader, or the checkpointer under the commit lock).
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

    /** A live segment: its first sequence number and file name. */
    public record Segment(long startSeq, String name) {}

    private final FileIO io;
    private final Path dir;
    private final long segmentSize;
    private final List<Segment> segments = new ArrayList<>();
    private final Deque<String> spares = new ArrayDeque<>();
    private FileHandle current;
    private long salt;
    private long position;
    private long capacity;
    private byte[] buffer = new byte[1 << 16];
    private int buffered;
    private long lastSeq;
    private long durableSeq;
    private long bytesWritten;
    private int spareCounter;
    private final IoAction beforeForce;
    private final LongSupplier salts;

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

    /** As above, with segment salts from {@code salts} (the deterministic simulation seeds them). */
    public LogWriter(FileIO io, Path dir, long segmentSize, long nextSeq, List<Segment> existing, List<String> spareNames,
                     IoAction beforeForce, LongSupplier salts) throws IOException {
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
        this.durableSeq = nextSeq - 1;
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
        return durableSeq;
    }

    /** Log bytes written since this writer was created. */
    public long bytesWritten() {
        return bytesWritten;
    }

    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    /**
     * Buffers record {@code seq} (must be {@link #lastSeq()} + 1); may roll to a new segment.
     *
     * @return where the record will lie once flushed
     */
    public RecordPosition append(long seq, List<Op> ops) throws IOException {
        if (seq != lastSeq + 1) {
            throw new IllegalStateException("log sequence gap: appending " + seq + " after " + lastSeq);
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
        buffered = RecordCodec.encode(buffer, buffered, salt, seq, durableSeq, ops);
        lastSeq = seq;
        return at;
    }

    /** Writes buffered records to the segment file (the OS page cache; not yet durable). */
    public void flush() throws IOException {
        if (buffered > 0) {
            current.writeFully(position, buffer, 0, buffered);
            position += buffered;
            bytesWritten += buffered;
            buffered = 0;
        }
    }

    /** Flushes and forces: everything appended so far becomes durable. */
    public void sync() throws IOException {
        flush();
        if (durableSeq < lastSeq) {
            current.force();
            durableSeq = lastSeq;
        }
    }

    private void roll(long nextSeq, int recordSize) throws IOException {
        beforeForce.run();
        current.force(); // only the last segment may end in a torn tail
        durableSeq = lastSeq;
        current.close();
        openSegment(nextSeq, recordSize);
    }

    private void openSegment(long startSeq, int firstRecordSize) throws IOException {
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
                zeroFill(f, f.size(), size);
            }
        } else {
            from = dir.resolve("wal-new.tmp");
            f = io.open(from, true);
            zeroFill(f, 0, size);
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

    private static void zeroFill(FileHandle f, long from, long to) throws IOException {
        for (long p = from; p < to; p += ZEROS.length) {
            f.writeFully(p, ZEROS, 0, (int) Math.min(ZEROS.length, to - p));
        }
    }

    /**
     * After a durable checkpoint covering {@code checkpointSeq}: segments whose records are all
     * covered become spares (up to two kept for reuse, the rest deleted).
     */
    public void releaseUpTo(long checkpointSeq) throws IOException {
        boolean changed = false;
        while (segments.size() > 1 && segments.get(1).startSeq() <= checkpointSeq + 1) {
            Segment old = segments.removeFirst();
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
