package org.aetherdb.sim;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;

/** Passes every call to the simulated disk and records it (with a checksum of written bytes) in the {@link Trace}. */
final class TracingFileIO implements FileIO {
    private final FileIO disk;
    private final Trace trace;

    private final boolean lyingForce;

    /**
     * With {@code lyingForce}, every force of a log file after the first one through the same
     * handle does nothing (a new segment's preallocation is durable, the records appended to it
     * are not): a disk that lies about fsync, to show the checks catch lost commits.
     */
    TracingFileIO(FileIO disk, Trace trace, boolean lyingForce) {
        this.disk = disk;
        this.trace = trace;
        this.lyingForce = lyingForce;
    }

    @Override
    public FileHandle open(Path file, boolean create) throws IOException {
        trace.io("open", file.toString(), create ? 1 : 0, 0, null);
        return new Handle(disk.open(file, create));
    }

    @Override
    public FileHandle openReadOnly(Path file) throws IOException {
        trace.io("openReadOnly", file.toString(), 0, 0, null);
        return new Handle(disk.openReadOnly(file));
    }

    @Override
    public boolean exists(Path path) {
        boolean r = disk.exists(path);
        trace.io("exists", path.toString(), r ? 1 : 0, 0, null);
        return r;
    }

    @Override
    public boolean isDirectory(Path path) {
        boolean r = disk.isDirectory(path);
        trace.io("isDirectory", path.toString(), r ? 1 : 0, 0, null);
        return r;
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        List<String> r = disk.list(dir);
        trace.io("list", dir + "=" + r, 0, 0, null);
        return r;
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        trace.io("createDirectories", dir.toString(), 0, 0, null);
        disk.createDirectories(dir);
    }

    @Override
    public void delete(Path file) throws IOException {
        trace.io("delete", file.toString(), 0, 0, null);
        disk.delete(file);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        trace.io("rename", from + ">" + to, 0, 0, null);
        disk.rename(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        trace.io("syncDirectory", dir.toString(), 0, 0, null);
        disk.syncDirectory(dir);
    }

    @Override
    public AutoCloseable lock(Path lockFile) throws IOException {
        trace.io("lock", lockFile.toString(), 0, 0, null);
        return disk.lock(lockFile);
    }

    private final class Handle implements FileHandle {
        private final FileHandle h;
        private boolean forcedOnce;

        Handle(FileHandle h) {
            this.h = h;
        }

        @Override
        public String name() {
            return h.name();
        }

        @Override
        public void readFully(long position, ByteBuffer dst) throws IOException {
            trace.io("read", h.name(), position, dst.remaining(), null);
            h.readFully(position, dst);
        }

        @Override
        public void writeFully(long position, ByteBuffer src) throws IOException {
            trace.io("write", h.name(), position, src.remaining(), src);
            h.writeFully(position, src);
        }

        @Override
        public void force() throws IOException {
            trace.io("force", h.name(), 0, 0, null);
            boolean log = h.name().endsWith(".log") || h.name().endsWith(".wal");
            if (!lyingForce || !log || !forcedOnce) {
                h.force();
            }
            forcedOnce = true;
        }

        @Override
        public long size() throws IOException {
            long s = h.size();
            trace.io("size", h.name(), s, 0, null);
            return s;
        }

        @Override
        public void truncate(long size) throws IOException {
            trace.io("truncate", h.name(), size, 0, null);
            h.truncate(size);
        }

        @Override
        public MemorySegment map(long offset, long length) throws IOException {
            trace.io("map", h.name(), offset, length, null);
            return h.map(offset, length);
        }

        @Override
        public void close() throws IOException {
            trace.io("close", h.name(), 0, 0, null);
            h.close();
        }
    }
}
