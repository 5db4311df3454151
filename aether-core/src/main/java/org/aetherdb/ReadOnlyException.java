package org.aetherdb;

/**
 * A write was attempted on a database that does not accept writes: it was opened with
 * {@code readOnly(true)}, or an earlier I/O failure left its on-disk state unknown and the
 * instance stopped accepting writes until it is reopened (see {@link #getCause()}).
 */
public class ReadOnlyException extends AetherException {
    public ReadOnlyException(String message) {
        super(message);
    }

    public ReadOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
