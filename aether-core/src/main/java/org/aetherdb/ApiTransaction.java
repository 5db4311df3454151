package org.aetherdb;

import org.aetherdb.engine.TransactionState;
import org.aetherdb.error.EngineException;

/** {@link Transaction} at the API boundary: delegates to the engine's {@link TransactionState}, errors translated. */
final class ApiTransaction implements Transaction {
    private final TransactionState state;
    private final IsolationLevel level;

    ApiTransaction(TransactionState state, IsolationLevel level) {
        this.state = state;
        this.level = level;
    }

    /** Neither committed, rolled back nor closed. */
    boolean active() {
        return state.active();
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return state.get(key);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            state.put(key, value);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void delete(byte[] key) {
        try {
            state.delete(key);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public Cursor newCursor() {
        try {
            return new ApiCursor(state.newCursor());
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void commit() {
        try {
            state.commit();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void rollback() {
        try {
            state.rollback();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public IsolationLevel isolationLevel() {
        return level;
    }

    @Override
    public long snapshotSequence() {
        return state.snapshotSequence();
    }

    @Override
    public long commitSequence() {
        return state.commitSequence();
    }

    @Override
    public void close() {
        try {
            state.close();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }
}
