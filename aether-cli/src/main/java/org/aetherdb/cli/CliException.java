package org.aetherdb.cli;

/** An error the CLI itself detects, with the exit code it maps to; printed without a stack trace. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
