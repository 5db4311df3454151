package org.aetherdb;

import org.aetherdb.engine.ViewCursor;
import org.aetherdb.error.EngineException;

/**
 * {@link Cursor} at the API boundary: delegates to the engine's cursor and translates its errors
 * ({@link Errors}). The try/catch around every call repeats on purpose (here, in
 * {@code ApiSnapshot} and {@code ApiTransaction}): each public method is one boundary crossing,
 * and a shared wrapper taking lambdas would allocate on the cursor's hot path.
 */
final class ApiCursor implements Cursor {
    private final ViewCursor inner;

    ApiCursor(ViewCursor inner) {
        this.inner = inner;
    }

    @Override
    public void seekToFirst() {
        try {
            inner.seekToFirst();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void seekToLast() {
        try {
            inner.seekToLast();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void seek(byte[] key) {
        try {
            inner.seek(key);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void seekForPrev(byte[] key) {
        try {
            inner.seekForPrev(key);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public boolean isValid() {
        try {
            return inner.isValid();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void next() {
        try {
            inner.next();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void prev() {
        try {
            inner.prev();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public byte[] key() {
        try {
            return inner.key();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public byte[] value() {
        try {
            return inner.value();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public void close() {
        try {
            inner.close();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }
}
