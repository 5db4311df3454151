package org.aetherdb.error;

/**
 * A write reached an instance that accepts none: opened read-only, or stopped after an I/O
 * failure (the cause). The API reports {@code ReadOnlyException}.
 */
public final class WritesStoppedException extends EngineException {
    public WritesStoppedException(String message) {
        super(message, null);
    }

    public WritesStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
