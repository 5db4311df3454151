package org.aetherdb.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The only way the engine touches the file system (LevelDB's {@code Env}). The real
 * implementation is {@link NioFileIO}; tests use {@link MemFileIO}, which keeps unsynced data and
 * directory entries apart from synced ones so a crash can be simulated, and fault-injecting
 * wrappers.
 *
 * <p>Durability contract the engine relies on (and the in-memory implementation enforces): data
 * written to a file is durable only after {@link FileHandle#force()} on it returns; a created,
 * renamed or deleted directory entry, and a file's size change, are durable only after
 * {@link #syncDirectory(Path)} on its directory returns.
 */
public interface FileIO {
    /** Opens a file for reading and writing, creating it (empty) when {@code create} and absent. */
    FileHandle open(Path file, boolean create) throws IOException;

    /** Opens an existing file for reading only. */
    FileHandle openReadOnly(Path file) throws IOException;

    boolean exists(Path path);

    boolean isDirectory(Path path);

    /** Names (not paths) of the entries of {@code dir}, sorted. */
    List<String> list(Path dir) throws IOException;

    /** Creates the directory and its missing parents. */
    void createDirectories(Path dir) throws IOException;

    /** Deletes a file if it exists. */
    void delete(Path file) throws IOException;

    /** Atomically renames {@code from} to {@code to}, replacing {@code to}. */
    void rename(Path from, Path to) throws IOException;

    /** Makes the directory's entries (creations, renames, deletions, sizes) durable. */
    void syncDirectory(Path dir) throws IOException;

    /**
     * Takes the exclusive lock that says one instance owns a database directory.
     *
     * @return the lock, released by closing it
     * @throws LockHeldException when another owner (this process or another) holds it
     */
    AutoCloseable lock(Path lockFile) throws IOException;

    /** Thrown by {@link #lock(Path)} when the lock is held elsewhere. */
    final class LockHeldException extends IOException {
        public LockHeldException(String message) {
            super(message);
        }
    }
}
