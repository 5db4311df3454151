package org.aetherdb.error;

/**
 * Base of every error the engine's internal packages raise. The API package translates each kind
 * to its public exception ({@code org.aetherdb.AetherException} and subclasses) at the boundary,
 * so no internal package depends on the API package. Sealed: the translation is an exhaustive
 * {@code switch}, and a new kind of error does not compile until the API says how it looks.
 */
public abstract sealed class EngineException extends RuntimeException
        permits CorruptDataException, EngineIoException, ClosedException, WritesStoppedException,
        CommitConflictException, FormatMismatchException, LockedException {
    EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
