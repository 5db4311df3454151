package org.aetherdb.error;

/** The database or a view of it was used after close; the API reports {@code DatabaseClosedException}. */
public final class ClosedException extends EngineException {
    public ClosedException(String message) {
        super(message, null);
    }
}
