package org.aetherdb;

/**
 * Base class of every error AetherDB reports. Unchecked, so that code using the store reads like
 * code using a {@code Map}; each subclass names one kind of failure a caller may want to handle.
 */
public class AetherException extends RuntimeException {
    public AetherException(String message) {
        super(message);
    }

    public AetherException(String message, Throwable cause) {
        super(message, cause);
    }
}
