package org.aetherdb.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The real file system, through {@link FileChannel}.
 *
 * <p>Locking keeps a JVM-wide registry of locked paths, checked before the lock file is touched:
 * a second open in the same JVM must fail without opening (and then closing) a channel on the
 * lock file, because closing any channel on a file releases this process's OS lock on it.
 */
public final class NioFileIO implements FileIO {
    public static final NioFileIO INSTANCE = new NioFileIO();

    private static final Set<Path> LOCKED = ConcurrentHashMap.newKeySet();

    private NioFileIO() {}

    @Override
    public FileHandle open(Path file, boolean create) throws IOException {
        if (create) {
            return new NioFileHandle(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        }
        return new NioFileHandle(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public FileHandle openReadOnly(Path file) throws IOException {
        return new NioFileHandle(file, StandardOpenOption.READ);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public AutoCloseable lock(Path lockFile) throws IOException {
        Path dir = lockFile.toAbsolutePath().getParent();
        Path key = dir.toRealPath().resolve(lockFile.getFileName());
        if (!LOCKED.add(key)) {
            throw new LockHeldException("already open in this process: " + key.getParent());
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new LockHeldException("locked by another process: " + key.getParent());
            }
            FileChannel owned = ch;
            ch = null;
            return () -> {
                try {
                    owned.close(); // releases the lock
                } finally {
                    LOCKED.remove(key);
                }
            };
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            LOCKED.remove(key);
            throw e;
        }
    }

    /** For tests: true when the path is locked by this JVM. */
    static boolean lockedHere(Path key) {
        try {
            return LOCKED.contains(key.toRealPath());
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
