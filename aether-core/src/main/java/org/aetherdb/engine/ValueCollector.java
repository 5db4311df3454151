package org.aetherdb.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.io.FileIO;
import org.aetherdb.wal.LogReplayer;
import org.aetherdb.wal.LogWriter;
import org.aetherdb.wal.SegmentValues;

/**
 * Reclaims log segments that hold few live values (docs/VALUE-LOG.md, decision 8). It picks the
 * value segment (before the replay start) with the lowest live fraction below {@link
 * #MAX_LIVE_FRACTION}, reads its records in order and, for each logged value whose key still
 * refers to it, rewrites it: the same bytes, which the log writes anew and the tree refers to
 * there. The pipeline applies a rewrite only where the key still holds the reference it was read
 * from, so the collector never changes what a key maps to; the old segment then has no live
 * bytes and is released by a later checkpoint once no reader can reach it (the log's ordinary
 * rule). Recovery needs no new rule: a rewrite is part of a record like any other.
 *
 * <p>Two ways to run. The background worker calls {@link #step()}: one batch at a time, handed to
 * the pipeline ({@link RewriteBatch}) and carried by the next client commit's record, so
 * background collection takes no sequence number and is invisible to readers, specifications
 * and transactions; with no client commits it waits (an idle database makes no new garbage).
 * {@link Engine#collectValues} calls {@link #collectOne()}: rewrites committed as records of their
 * own (each takes a sequence number, as a commit does), for callers that want the space now.
 *
 * <p>Bound: once the collector has caught up, every value segment is at least {@code 2/3} live,
 * so the bytes of value segments are at most 1.5x the live values in them.
 */
final class ValueCollector {
    /** Segments whose live values fill less than this fraction of them are rewritten. */
    static final double MAX_LIVE_FRACTION = 2.0 / 3.0;
    /** Values rewritten per commit of their own, at most. */
    private static final int REWRITES_PER_COMMIT = 256;
    private static final long BYTES_PER_COMMIT = 1 << 20;
    /** Values a client commit carries, at most: what it adds to that commit's record (and latency). */
    private static final int REWRITES_CARRIED = 32;
    private static final long BYTES_CARRIED = 64 << 10;

    private final Supplier<View> views;
    private final LogWriter log;
    private final SegmentValues values;
    private final CommitPipeline pipeline;
    private final FileIO io;
    private final Path dir;
    private final int pageSize;

    // The background collection in progress (used by the background worker only).
    private LogWriter.Segment current;
    private Cursor currentValues;
    private RewriteBatch inFlight;
    private volatile long carriedBytes;

    /** @param views registered versions of the tree, to see which values are still live */
    ValueCollector(Supplier<View> views, LogWriter log, CommitPipeline pipeline, FileIO io, Path dir, int pageSize) {
        this.views = views;
        this.log = log;
        this.values = log.values();
        this.pipeline = pipeline;
        this.io = io;
        this.dir = dir;
        this.pageSize = pageSize;
    }

    /** The value segment to collect next, or null when every one is live enough. */
    LogWriter.Segment pick() {
        List<LogWriter.Segment> candidates;
        pipeline.lock(); // the log's segment lists change under the commit lock
        try {
            candidates = log.valueSegments();
        } finally {
            pipeline.unlock();
        }
        LogWriter.Segment best = null;
        double bestFraction = MAX_LIVE_FRACTION;
        for (LogWriter.Segment s : candidates) {
            long live = values.liveBytes(s.startSeq());
            if (live == 0) {
                continue; // nothing to move: released by a checkpoint once no reader needs it
            }
            double fraction = (double) live / Math.max(1, values.segmentBytes(s.startSeq()) - LogFormat.SEGMENT_HEADER);
            if (fraction < bestFraction) {
                best = s;
                bestFraction = fraction;
            }
        }
        return best;
    }

    /**
     * Collects one segment if one is below the bound, in commits of its own. One collection at a
     * time (this and {@link #step()}): two would read the same segment and rewrite its values
     * twice (harmless, as the second finds them moved, but wasted).
     *
     * @return bytes of values rewritten (0: nothing to collect)
     */
    synchronized long collectOne() {
        LogWriter.Segment segment = pick();
        return segment == null ? 0 : collect(segment);
    }

    /** Bytes of values that client commits carried for the background collection since open. */
    long carriedBytes() {
        return carriedBytes;
    }

    /**
     * One round of background collection: when the batch handed over last round has been
     * carried, hands over the next one (picking a segment when none is in progress).
     *
     * @return true when a segment's last batch was carried this round (a checkpoint then releases it)
     */
    synchronized boolean step() {
        if (inFlight != null) {
            if (!inFlight.done) {
                return false; // no client commit carried it yet
            }
            carriedBytes += inFlight.bytes;
            inFlight = null;
        }
        if (current == null) {
            current = pick();
            if (current == null) {
                return false;
            }
            currentValues = new Cursor(loggedValues(current));
        }
        RewriteBatch batch = nextBatch(currentValues, REWRITES_CARRIED, BYTES_CARRIED);
        if (batch == null) {
            current = null; // every live value of the segment was carried
            currentValues = null;
            return true;
        }
        inFlight = batch;
        if (!pipeline.offer(inFlight)) {
            throw new IllegalStateException("a rewrite batch is already waiting"); // one collector, one batch at a time
        }
        return false;
    }

    private List<Op> loggedValues(LogWriter.Segment segment) {
        try {
            return LogReplayer.loggedValues(io, dir, segment, pageSize);
        } catch (IOException e) {
            throw new EngineIoException("cannot read log segment " + segment.name() + " to collect it: " + e.getMessage(), e);
        }
    }

    /** Rewrites every value of {@code segment} that a key still refers to, in commits of their own; returns the bytes rewritten. */
    long collect(LogWriter.Segment segment) {
        Cursor logged = new Cursor(loggedValues(segment));
        long total = 0;
        for (RewriteBatch b; (b = nextBatch(logged, REWRITES_PER_COMMIT, BYTES_PER_COMMIT)) != null; ) {
            pipeline.submit(CommitRequest.rewrite(b.ops, b.expected));
            total += b.bytes;
        }
        return total;
    }

    /** A segment's logged values, in record order, and how far the collection got. */
    private static final class Cursor {
        final List<Op> ops;
        int next;

        Cursor(List<Op> ops) {
            this.ops = ops;
        }
    }

    /**
     * The next values of {@code c} whose key still refers to them in the newest version (at most
     * {@code maxValues} values or about {@code maxBytes} bytes), read and checked against their
     * references; null when none is left.
     */
    private RewriteBatch nextBatch(Cursor c, int maxValues, long maxBytes) {
        List<Op> batch = new ArrayList<>();
        List<Logged> expected = new ArrayList<>();
        long bytes = 0;
        try (View view = views.get()) { // registered: its pages and values stay readable while it is open
            while (c.next < c.ops.size() && batch.size() < maxValues && bytes < maxBytes) {
                Op op = c.ops.get(c.next++);
                Logged ref = (Logged) op.value();
                if (ref.equals(view.stored(op.key()))) { // else overwritten or deleted: not live
                    batch.add(new Op(op.key(), new Inline(values.read(ref)))); // checked against the reference's checksum
                    expected.add(ref);
                    bytes += ref.length();
                }
            }
        }
        return batch.isEmpty() ? null : new RewriteBatch(batch, expected, bytes);
    }
}
