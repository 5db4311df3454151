package org.aetherdb.recovery;

import java.io.IOException;
import java.nio.file.Path;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.FormatMismatchException;
import org.aetherdb.error.LockedException;
import org.aetherdb.io.FileIO;

/**
 * The database directory before recovery: checks that it holds (or may hold) a database, takes
 * its lock, and creates an empty database when asked to. Invariant: nothing is created or locked
 * in a directory that holds no database unless creating was asked for; a data file is never
 * created beside log segments (they would belong to a database whose data file is lost).
 */
public final class DatabaseDirectory {
    private DatabaseDirectory() {}

    /**
     * Locks {@code dir} for its owner, creating the directory and an empty database when
     * {@code create} (and not {@code readOnly}). The caller closes the returned lock.
     *
     * @throws FormatMismatchException when {@code dir} is not a directory or holds no database to open
     * @throws LockedException         when another owner holds the lock
     * @throws CorruptDataException    when log segments exist without a data file
     */
    public static AutoCloseable lockForOpen(FileIO io, Path dir, boolean create, boolean readOnly, int pageSize) throws IOException {
        boolean mayCreate = create && !readOnly;
        if (io.exists(dir) && !io.isDirectory(dir)) {
            throw new FormatMismatchException(dir + " is not a directory");
        }
        if (!io.exists(dir)) {
            if (!mayCreate) {
                throw new FormatMismatchException("no AetherDB database in " + dir + " (directory does not exist)");
            }
            io.createDirectories(dir);
        }
        if (!mayCreate && !io.exists(dir.resolve(DataFiles.DATA))) {
            throw new FormatMismatchException("no AetherDB database in " + dir); // checked before locking: leaves no LOCK file
        }
        AutoCloseable lock = lock(io, dir);
        try {
            if (!io.exists(dir.resolve(DataFiles.DATA))) {
                if (!mayCreate) {
                    throw new FormatMismatchException("no AetherDB database in " + dir);
                }
                for (String name : io.list(dir)) {
                    if (name.startsWith("wal-") && name.endsWith(".log")) {
                        throw new CorruptDataException(DataFiles.DATA, -1, "data file missing while log segments exist in " + dir);
                    }
                }
                DataFiles.create(io, dir, pageSize);
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Takes the directory's lock.
     *
     * @throws LockedException when another owner, in this process or another, holds it
     */
    public static AutoCloseable lock(FileIO io, Path dir) throws IOException {
        try {
            return io.lock(dir.resolve(DataFiles.LOCK));
        } catch (FileIO.LockHeldException e) {
            throw new LockedException("database " + dir + " is in use: " + e.getMessage());
        }
    }
}
