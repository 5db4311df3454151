package org.aetherdb;

import org.aetherdb.error.ClosedException;
import org.aetherdb.error.CommitConflictException;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.EngineException;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.error.FormatMismatchException;
import org.aetherdb.error.LockedException;
import org.aetherdb.error.WritesStoppedException;

/**
 * The API boundary for errors: every public method catches the engine's {@link EngineException}
 * and throws what this class makes of it. The public exception keeps the message, the stack trace
 * of the place that raised the error and its cause (translated the same way when it is itself an
 * engine error), so a caller sees what it would see had the engine thrown it directly. The
 * {@code switch} is exhaustive over the sealed engine errors: a new kind must be mapped here.
 */
final class Errors {
    private Errors() {}

    static AetherException api(EngineException e) {
        Throwable cause = cause(e.getCause());
        AetherException api = switch (e) {
            case CorruptDataException c -> new CorruptionException(c.file(), c.offset(), c.detail());
            case EngineIoException x -> new StorageException(x.getMessage(), cause);
            case ClosedException x -> new DatabaseClosedException(x.getMessage());
            case WritesStoppedException x -> new ReadOnlyException(x.getMessage(), cause);
            case CommitConflictException x -> new ConflictException(x.getMessage());
            case FormatMismatchException x -> new IncompatibleFormatException(x.getMessage());
            case LockedException x -> new DatabaseLockedException(x.getMessage());
        };
        if (api.getCause() == null && cause != null) {
            api.initCause(cause);
        }
        api.setStackTrace(e.getStackTrace());
        for (Throwable s : e.getSuppressed()) {
            api.addSuppressed(cause(s));
        }
        return api;
    }

    /** A cause as the caller should see it: engine errors translated, anything else as it is. */
    private static Throwable cause(Throwable t) {
        return t instanceof EngineException e ? api(e) : t;
    }
}
