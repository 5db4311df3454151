package org.aetherdb.error;

/**
 * The directory holds something this build cannot read (another format version or page size, or
 * no database). The API reports {@code IncompatibleFormatException}.
 */
public final class FormatMismatchException extends EngineException {
    public FormatMismatchException(String message) {
        super(message, null);
    }
}
