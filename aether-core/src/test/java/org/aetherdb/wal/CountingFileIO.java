package org.aetherdb.wal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;

/**
 * A {@link FileIO} over another that counts handles opened and not yet closed, and lists
 * directories in reverse order (a real directory's order is arbitrary; the in-memory one's is
 * sorted, which would hide code that relies on it).
 */
final class CountingFileIO implements FileIO {
    private final FileIO inner;
    int openHandles;

    CountingFileIO(FileIO inner) {
        this.inner = inner;
    }

    @Override
    public FileHandle open(Path file, boolean create) throws IOException {
        return counted(inner.open(file, create));
    }

    @Override
    public FileHandle openReadOnly(Path file) throws IOException {
        return counted(inner.openReadOnly(file));
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
        List<String> names = new ArrayList<>(inner.list(dir));
        Collections.reverse(names);
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

    private FileHandle counted(FileHandle h) {
        openHandles++;
        return new FileHandle() {
            private boolean closed;

            @Override
            public String name() {
                return h.name();
            }

            @Override
            public void readFully(long position, ByteBuffer dst) throws IOException {
                h.readFully(position, dst);
            }

            @Override
            public void writeFully(long position, ByteBuffer src) throws IOException {
                h.writeFully(position, src);
            }

            @Override
            public void force() throws IOException {
                h.force();
            }

            @Override
            public long size() throws IOException {
                return h.size();
            }

            @Override
            public void truncate(long size) throws IOException {
                h.truncate(size);
            }

            @Override
            public MemorySegment map(long offset, long length) throws IOException {
                return h.map(offset, length);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    openHandles--;
                }
                h.close();
            }
        };
    }
}
