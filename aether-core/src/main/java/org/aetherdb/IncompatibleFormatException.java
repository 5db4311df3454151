package org.aetherdb;

/**
 * The directory holds a database this version cannot read: a newer format version, another page
 * size than the one requested, or files that are not an AetherDB database at all.
 */
public class IncompatibleFormatException extends AetherException {
    public IncompatibleFormatException(String message) {
        super(message);
    }
}
