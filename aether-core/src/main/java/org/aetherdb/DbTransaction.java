package org.aetherdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.aetherdb.engine.Mutation;
import org.aetherdb.engine.ReadView;

/**
 * A transaction: a registered snapshot plus a sorted buffer of its own writes (a delete is kept as
 * {@link #TOMBSTONE}). Commit hands the buffer to the engine as one commit, so it is one log
 * record: all of it survives a crash or none.
 */
final class DbTransaction implements Transaction {
    /** Marks a buffered delete; compared by identity. */
    static final byte[] TOMBSTONE = new byte[0];

    private final ReadView view;
    private final AetherDB db;
    private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
    private boolean finished;
    private boolean closed;

    DbTransaction(ReadView view, AetherDB db) {
        this.view = view;
        this.db = db;
    }

    private void checkActive() {
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
        return new DbCursor(new MergedCursor(view.cursor(), writes), view, false);
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
        db.engine().commit(muts, db.durability());
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
