package org.aetherdb.error;

/** Another instance holds the directory's lock; the API reports {@code DatabaseLockedException}. */
public final class LockedException extends EngineException {
    public LockedException(String message) {
        super(message, null);
    }
}
