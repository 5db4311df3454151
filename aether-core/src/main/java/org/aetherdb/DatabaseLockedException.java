package org.aetherdb;

/** Another {@link AetherDB} instance, in this process or another one, has the directory open. */
public class DatabaseLockedException extends AetherException {
    public DatabaseLockedException(String message) {
        super(message);
    }
}
