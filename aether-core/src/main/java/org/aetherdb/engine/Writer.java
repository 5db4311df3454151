package org.aetherdb.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.aetherdb.checkpoint.Checkpointer;
import org.aetherdb.error.CommitConflictException;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.Tombstone;
import org.aetherdb.page.PageStore;
import org.aetherdb.state.EngineState;
import org.aetherdb.txn.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's side of a commit, run on the committing thread: copies the caller's bytes, writes
 * values too large for a leaf and for the log to the data file, hands the commit to the
 * {@link CommitPipeline}, and afterwards holds back a writer that runs far ahead of checkpoints.
 *
 * <p>Invariant: what reaches the pipeline shares no array with the caller, and every value is
 * {@link Inline} (fits a leaf, or is at most {@code logLargeUpTo} long, which the log then holds:
 * longer than the inline limit, so longer than the log's threshold), {@link OutOfLine} (already
 * written, not yet forced: the log forces it before the record) or a {@link Tombstone}.
 */
final class Writer {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    private final EngineState state;
    private final PageStore store;
    private final CommitPipeline pipeline;
    private final Checkpointer checkpointer;
    private final Background background;
    private final long cacheSize;
    private final long checkpointLogBytes;
    private final int maxInlineValue;
    /** Values too large for a leaf and at most this long go through the log (0: none; docs/VALUE-LOG.md, step 4). */
    private final int logLargeUpTo;

    Writer(EngineState state, PageStore store, CommitPipeline pipeline, Checkpointer checkpointer, Background background, Config config) {
        this.state = state;
        this.store = store;
        this.pipeline = pipeline;
        this.checkpointer = checkpointer;
        this.background = background;
        this.cacheSize = config.cacheSize();
        this.checkpointLogBytes = config.checkpointLogBytes();
        this.maxInlineValue = PageFormat.maxInlineValue(store.pageSize());
        this.logLargeUpTo = config.logValuesAbove() == Integer.MAX_VALUE ? 0 : config.logValuesUpTo();
    }

    /**
     * Commits {@code ops} atomically as one log record, after {@code validation} (null: never
     * rejected) accepts it in the pipeline.
     *
     * @return the commit's sequence number
     * @throws CommitConflictException when validation rejects it (nothing applied)
     */
    long commit(List<Op> ops, SyncMode durability, Validation validation) {
        List<Op> placed = new ArrayList<>(ops.size());
        boolean outOfLine = false;
        try {
            for (Op op : ops) {
                Op p = place(op);
                outOfLine |= p.value() instanceof OutOfLine;
                placed.add(p);
            }
        } catch (IOException e) {
            state.fail(e);
            throw new EngineIoException("cannot write a large value to " + store.fileName() + ": " + e.getMessage(), e);
        }
        long seq = pipeline.submit(new CommitRequest(placed, durability, outOfLine, validation));
        applyBackpressure();
        return seq;
    }

    /**
     * {@code op} as the log and the tree take it: key and value copied, or a value too large for
     * a leaf and for the log written out of line.
     */
    private Op place(Op op) throws IOException {
        byte[] key = op.key().clone();
        return switch (op.value()) {
            case Inline(byte[] v) when v.length > maxInlineValue && v.length > logLargeUpTo -> new Op(key, store.writeBlob(v));
            case Inline(byte[] v) -> new Op(key, new Inline(v.clone()));
            case Tombstone t -> new Op(key, t);
            case OutOfLine _, Logged _ -> throw new IllegalArgumentException("a commit's values come as bytes, not as references");
        };
    }

    /** Write stall: a writer far ahead of checkpoints runs one itself, bounding dirty memory. */
    private void applyBackpressure() {
        long logBytes = checkpointer.logBytesSinceCheckpoint();
        long dirty = store.dirtyBytes();
        if (dirty > cacheSize / 2 || logBytes > 2 * checkpointLogBytes) {
            try {
                checkpointer.run(false);
            } catch (RuntimeException e) {
                // This commit is durable; the failure is recorded and fails the next write.
                LOG.error("{}: checkpoint after commit failed", state.dir(), e);
            }
        } else if (dirty > cacheSize / 4 || logBytes > checkpointLogBytes) {
            background.requestCheckpoint();
        }
    }
}
