package org.aetherdb.error;

/** The operating system reported an I/O error; the API reports it as {@code StorageException}. */
public final class EngineIoException extends EngineException {
    public EngineIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
