package org.aetherdb;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;
import org.aetherdb.io.MemFileIO.Op;

/**
 * A {@link FileIO} over another that calls a hook before each file-handle operation, outside
 * every lock of the file system underneath, so a test can pause one thread inside an operation or
 * run another thread's work at an exact point (deterministic interleavings that
 * {@code MemFileIO.failWhen}, which runs under the file system's lock, cannot produce). It also
 * counts the handles left open and can list directories in reverse order.
 */
public final class HookedFileIO implements FileIO {
    private final FileIO inner;
    volatile Consumer<Op> before = op -> { };
    /** Handles opened through this file system and not yet closed. */
    public final java.util.concurrent.atomic.AtomicInteger openHandles = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Lists directories in reverse order: a real directory's order is arbitrary, the in-memory
     * one's sorted, which would hide code that relies on it.
     */
    public volatile boolean reverseListing;

    public HookedFileIO(FileIO inner) {
        this.inner = inner;
    }

    private void hook(String kind, String file, long position, long length) {
        before.accept(new Op(kind, file, position, length));
    }

    @Override
    public FileHandle open(Path file, boolean create) throws IOException {
        return wrap(inner.open(file, create));
    }

    @Override
    public FileHandle openReadOnly(Path file) throws IOException {
        return wrap(inner.openReadOnly(file));
    }

    @Override
    public boolean exists(Path path) {
        return inner.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return inner.isDirectory(path);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        List<String> names = new java.util.ArrayList<>(inner.list(dir));
        if (reverseListing) {
            java.util.Collections.reverse(names);
        }
        return names;
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        inner.createDirectories(dir);
    }

    @Override
    public void delete(Path file) throws IOException {
        inner.delete(file);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        inner.rename(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        inner.syncDirectory(dir);
    }

    @Override
    public AutoCloseable lock(Path lockFile) throws IOException {
        return inner.lock(lockFile);
    }

    private FileHandle wrap(FileHandle h) {
        openHandles.incrementAndGet();
        return new FileHandle() {
            private boolean closed;

            @Override
            public String name() {
                return h.name();
            }

            @Override
            public void readFully(long position, ByteBuffer dst) throws IOException {
                hook("read", h.name(), position, dst.remaining());
                h.readFully(position, dst);
            }

            @Override
            public void writeFully(long position, ByteBuffer src) throws IOException {
                hook("write", h.name(), position, src.remaining());
                h.writeFully(position, src);
            }

            @Override
            public void force() throws IOException {
                hook("force", h.name(), 0, 0);
                h.force();
            }

            @Override
            public long size() throws IOException {
                return h.size();
            }

            @Override
            public void truncate(long size) throws IOException {
                hook("truncate", h.name(), size, 0);
                h.truncate(size);
            }

            @Override
            public MemorySegment map(long offset, long length) throws IOException {
                hook("map", h.name(), offset, length);
                return h.map(offset, length);
            }

            @Override
            public void close() throws IOException {
                synchronized (this) {
                    if (!closed) {
                        closed = true;
                        openHandles.decrementAndGet();
                    }
                }
                h.close();
            }
        };
    }
}
