package org.aetherdb.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.aetherdb.txn.Isolation;
import org.aetherdb.txn.MergedCursor;
import org.aetherdb.engine.ReadView;
import org.aetherdb.format.Op;
import org.aetherdb.txn.ReadSet;
import org.aetherdb.txn.RecordingCursor;
import org.aetherdb.txn.Validation;

/**
 * A transaction: a registered snapshot, a sorted buffer of its own writes (a delete is kept as
 * {@link MergedCursor#TOMBSTONE}) and, for {@link Isolation#SERIALIZABLE}, the record of what it read
 * from the snapshot: keys read by {@code get} (found or not) and the ranges its cursors swept.
 * Commit hands the buffer and that record to the engine's commit pipeline, which validates it
 * against the commits made after the snapshot and applies it as one log record: all of it
 * survives a crash or none. Reads of the transaction's own writes are not recorded (they cannot
 * be invalidated by others).
 */
public final class TransactionState {
    private static final byte[] TOMBSTONE = MergedCursor.TOMBSTONE;

    private final ReadView view;
    private final Engine engine;
    private final SyncMode durability;
    private final Isolation level;
    private final ReadSet reads = new ReadSet();
    private long commitSequence = -1;
    private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
    private boolean finished;
    private boolean closed;

    public TransactionState(Engine engine, SyncMode durability, Isolation level) {
        engine.transactionOpened(); // before the snapshot is taken: see CommitPipeline.recordOrForget
        ReadView v;
        try {
            v = engine.openView();
        } catch (RuntimeException e) {
            engine.transactionClosed();
            throw e;
        }
        this.view = v;
        this.engine = engine;
        this.durability = durability;
        this.level = level;
    }

    boolean recordsReads() {
        return level == Isolation.SERIALIZABLE;
    }

    ReadSet reads() {
        return reads;
    }

    /** Neither committed, rolled back nor closed. */
    public boolean active() {
        return !closed && !finished;
    }

    /** @throws IllegalStateException after commit, rollback or close (also for the transaction's cursors) */
    public void checkActive() {
        if (closed || finished) {
            throw new IllegalStateException("transaction is already " + (closed ? "closed" : "committed or rolled back"));
        }
        view.checkOpen();
    }

    public byte[] get(byte[] key) {
        Args.key(key);
        checkActive();
        byte[] own = writes.get(key);
        if (own != null) {
            return own == TOMBSTONE ? null : own.clone();
        }
        if (recordsReads()) {
            reads.key(key);
        }
        return view.get(key);
    }

    public void put(byte[] key, byte[] value) {
        Args.keyLimits(key, engine.maxKeySize());
        Args.valueLimits(value);
        checkActive();
        writes.put(key.clone(), value.clone());
    }

    public void delete(byte[] key) {
        Args.keyLimits(key, engine.maxKeySize());
        checkActive();
        writes.put(key.clone(), TOMBSTONE);
    }

    public ViewCursor newCursor() {
        checkActive();
        MergedCursor merged = new MergedCursor(view.cursor(), writes);
        return new ViewCursor(recordsReads() ? new RecordingCursor(merged, reads) : merged, view, false, this::checkActive);
    }

    public void commit() {
        checkActive();
        finished = true;
        if (writes.isEmpty()) {
            return;
        }
        List<Op> muts = new ArrayList<>(writes.size());
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            muts.add(e.getValue() == TOMBSTONE ? Op.delete(e.getKey()) : Op.put(e.getKey(), e.getValue()));
        }
        writes.clear();
        commitSequence = engine.commit(muts, durability, new Validation(view.sequence(), level, reads));
    }

    public long snapshotSequence() {
        return view.sequence();
    }

    public long commitSequence() {
        return commitSequence;
    }

    public void rollback() {
        checkActive();
        finished = true;
        writes.clear();
    }

    public void close() {
        if (!closed) {
            closed = true;
            finished = true;
            writes.clear();
            view.close();
            engine.transactionClosed();
        }
    }
}
