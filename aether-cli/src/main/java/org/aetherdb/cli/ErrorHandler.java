package org.aetherdb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.aetherdb.AetherException;
import org.aetherdb.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one line {@code aether: <message>} on stderr and an
 * exit code (see {@link Exit}). The stack trace is printed only when {@code AETHER_DEBUG=1}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    private final boolean debug;

    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        cmd.getOut().flush();
        if (debug) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println("aether: " + message(ex));
        cmd.getErr().flush();
        return exitCode(ex);
    }

    static int exitCode(Throwable ex) {
        return switch (ex) {
            case CliException e -> e.exitCode();
            case StorageException e -> Exit.IO;
            case AetherException e -> Exit.DATABASE;
            case IllegalArgumentException e -> Exit.USAGE;
            default -> Exit.IO;
        };
    }

    /** The message to show: the exception's own, or its kind when it has none. */
    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            m = ioMessage(ex.getCause());
        } else if (ex instanceof IOException) {
            m = ioMessage(ex);
        } else if (ex instanceof StorageException && ex.getCause() != null) {
            m = m + " (" + ioMessage(ex.getCause()) + ")";
        }
        if (m == null || m.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        return ex instanceof CliException || ex instanceof AetherException || ex instanceof IOException
                || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException
                ? m : m + " (" + ex.getClass().getSimpleName() + ")";
    }

    /** java.nio's exceptions often carry only the path as message; name the kind too. */
    private static String ioMessage(Throwable io) {
        String kind = io.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        String m = io.getMessage();
        return m == null ? kind : io.getClass() == IOException.class ? m : kind.toLowerCase() + ": " + m;
    }
}
