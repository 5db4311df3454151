package org.aetherdb;

/** The database, snapshot, cursor or transaction was used after it was closed. */
public class DatabaseClosedException extends AetherException {
    public DatabaseClosedException(String message) {
        super(message);
    }
}
