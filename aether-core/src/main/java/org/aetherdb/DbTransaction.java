package org.aetherdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.aetherdb.engine.Mutation;
import org.aetherdb.engine.ReadView;
import org.aetherdb.txn.ReadSet;
import org.aetherdb.txn.Validation;

/**
 * A transaction: a registered snapshot, a sorted buffer of its own writes (a delete is kept as
 * {@link #TOMBSTONE}) and, for {@link IsolationLevel#SERIALIZABLE}, the record of what it read
 * from the snapshot: keys read by {@code get} (found or not) and the ranges its cursors swept.
 * Commit hands the buffer and that record to the engine's commit pipeline, which validates it
 * against the commits made after the snapshot and applies it as one log record: all of it
 * survives a crash or none. Reads of the transaction's own writes are not recorded (they cannot
 * be invalidated by others).
 */
final class DbTransaction implements Transaction {
    /** Marks a buffered delete; compared by identity. */
    static final byte[] TOMBSTONE = new byte[0];

    private final ReadView view;
    private final AetherDB db;
    private final IsolationLevel level;
    private final ReadSet reads = new ReadSet();
    private long commitSequence = -1;
    private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
    private boolean finished;
    private boolean closed;

    DbTransaction(ReadView view, AetherDB db, IsolationLevel level) {
        this.view = view;
        this.db = db;
        this.level = level;
    }

    boolean recordsReads() {
        return level == IsolationLevel.SERIALIZABLE;
    }

    ReadSet reads() {
        return reads;
    }

    /** Neither committed, rolled back nor closed. */
    boolean active() {
        return !closed && !finished;
    }

    /** @throws IllegalStateException after commit, rollback or close (also for the transaction's cursors) */
    void checkActive() {
        if (closed || finished) {
            throw new IllegalStateException("transaction is already " + (closed ? "closed" : "committed or rolled back"));
        }
        view.checkOpen();
    }

    @Override
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

    @Override
    public void put(byte[] key, byte[] value) {
        db.checkKey(key);
        Args.valueLimits(value);
        checkActive();
        writes.put(key.clone(), value.clone());
    }

    @Override
    public void delete(byte[] key) {
        db.checkKey(key);
        checkActive();
        writes.put(key.clone(), TOMBSTONE);
    }

    @Override
    public Cursor newCursor() {
        checkActive();
        MergedCursor merged = new MergedCursor(view.cursor(), writes);
        return new DbCursor(recordsReads() ? new RecordingCursor(merged, reads) : merged, view, false, this::checkActive);
    }

    @Override
    public void commit() {
        checkActive();
        finished = true;
        if (writes.isEmpty()) {
            return;
        }
        List<Mutation> muts = new ArrayList<>(writes.size());
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            muts.add(e.getValue() == TOMBSTONE ? Mutation.delete(e.getKey()) : Mutation.put(e.getKey(), e.getValue()));
        }
        writes.clear();
        commitSequence = db.engine().commit(muts, db.durability(), new Validation(view.sequence(), level, reads));
    }

    @Override
    public IsolationLevel isolationLevel() {
        return level;
    }

    @Override
    public long snapshotSequence() {
        return view.sequence();
    }

    @Override
    public long commitSequence() {
        return commitSequence;
    }

    @Override
    public void rollback() {
        checkActive();
        finished = true;
        writes.clear();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            finished = true;
            writes.clear();
            view.close();
        }
    }
}
