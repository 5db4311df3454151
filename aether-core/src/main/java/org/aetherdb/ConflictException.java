package org.aetherdb;

/**
 * A transaction could not commit because a concurrent transaction that committed after its
 * snapshot wrote data it depends on. Nothing of the failed transaction was applied; retrying it
 * from the start (on a new snapshot) may succeed.
 */
public class ConflictException extends AetherException {
    public ConflictException(String message) {
        super(message);
    }
}
