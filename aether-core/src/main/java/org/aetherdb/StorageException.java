package org.aetherdb;

/**
 * The operating system reported an I/O error (disk full, permission denied, device error). When
 * it happens during a commit, the commit is not acknowledged and the database stops accepting
 * writes until it is reopened, because the state of the files after a failed write or fsync is
 * unknown.
 */
public class StorageException extends AetherException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
