package org.aetherdb.error;

/** Validation rejected a transaction's commit; nothing was applied. The API reports {@code ConflictException}. */
public final class CommitConflictException extends EngineException {
    public CommitConflictException(String message) {
        super(message, null);
    }
}
