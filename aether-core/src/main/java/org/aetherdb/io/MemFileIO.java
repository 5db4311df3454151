package org.aetherdb.io;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An in-memory file system that models what survives a crash. Each file keeps the bytes written
 * to it and, apart, the bytes as of its last {@link FileHandle#force()}; the directory keeps its
 * entries and, apart, the entries as of its last {@link #syncDirectory(Path)}. {@link #crash()}
 * returns the file system a machine would find after power loss: only forced bytes under synced
 * names. (Reordered and torn unsynced writes are explored by the crash-state tests on top of the
 * write log this class can record.)
 *
 * <p>Faults: {@link #failWhen(Predicate)} makes any operation matching the predicate throw an
 * {@link IOException} before it takes effect. Thread-safe (one lock).
 */
public final class MemFileIO implements FileIO {
    /** One operation, as seen by a fault predicate. */
    public record Op(String kind, String file, long position, long length) {}

    private final Map<String, MemFile> names = new HashMap<>();
    private final Map<String, MemFile> durableNames = new HashMap<>();
    private final Set<String> dirs = new HashSet<>();
    private final Set<String> locks = new HashSet<>();
    private volatile Predicate<Op> fault = op -> false;

    public MemFileIO() {}

    private static String key(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /** Makes every later operation that matches {@code predicate} fail with an IOException. */
    public void failWhen(Predicate<Op> predicate) {
        this.fault = predicate;
    }

    /** Stops injecting faults. */
    public void clearFaults() {
        this.fault = op -> false;
    }

    void check(String kind, String file, long position, long length) throws IOException {
        Op op = new Op(kind, file, position, length);
        if (fault.test(op)) {
            throw new IOException("injected fault: " + op);
        }
    }

    /** The state after a power loss now: forced bytes of files whose names were synced. */
    public synchronized MemFileIO crash() {
        MemFileIO after = new MemFileIO();
        after.dirs.addAll(dirs);
        for (Map.Entry<String, MemFile> e : durableNames.entrySet()) {
            MemFile f = e.getValue().durableCopy(after);
            after.names.put(e.getKey(), f);
            after.durableNames.put(e.getKey(), f);
        }
        return after;
    }

    /** A copy of the current (unsynced included) state, as a process crash leaves it. */
    public synchronized MemFileIO processCrash() {
        MemFileIO after = new MemFileIO();
        after.dirs.addAll(dirs);
        for (Map.Entry<String, MemFile> e : names.entrySet()) {
            MemFile f = e.getValue().currentCopy(after);
            after.names.put(e.getKey(), f);
            after.durableNames.put(e.getKey(), f);
        }
        return after;
    }

    /** Direct access for corruption tests: the current bytes of a file. */
    public synchronized byte[] contents(Path file) throws FileNotFoundException {
        MemFile f = names.get(key(file));
        if (f == null) {
            throw new FileNotFoundException(file.toString());
        }
        return f.snapshot();
    }

    /** Direct access for corruption tests: replaces a file's bytes (current and durable). */
    public synchronized void setContents(Path file, byte[] data) {
        String k = key(file);
        MemFile f = names.computeIfAbsent(k, n -> new MemFile(this, file.getFileName().toString()));
        f.replace(data);
        durableNames.put(k, f);
    }

    @Override
    public synchronized FileHandle open(Path file, boolean create) throws IOException {
        String k = key(file);
        check("open", file.getFileName().toString(), 0, 0);
        MemFile f = names.get(k);
        if (f == null) {
            if (!create) {
                throw new FileNotFoundException(file.toString());
            }
            if (!dirs.contains(key(file.toAbsolutePath().getParent()))) {
                throw new FileNotFoundException("no directory for " + file);
            }
            f = new MemFile(this, file.getFileName().toString());
            names.put(k, f);
        }
        return f.handle(false);
    }

    @Override
    public synchronized FileHandle openReadOnly(Path file) throws IOException {
        MemFile f = names.get(key(file));
        if (f == null) {
            throw new FileNotFoundException(file.toString());
        }
        return f.handle(true);
    }

    @Override
    public synchronized boolean exists(Path path) {
        String k = key(path);
        return names.containsKey(k) || dirs.contains(k);
    }

    @Override
    public synchronized boolean isDirectory(Path path) {
        return dirs.contains(key(path));
    }

    @Override
    public synchronized List<String> list(Path dir) throws IOException {
        String prefix = key(dir) + "/";
        if (!dirs.contains(key(dir))) {
            throw new FileNotFoundException(dir.toString());
        }
        List<String> out = new ArrayList<>();
        for (String n : names.keySet()) {
            if (n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0) {
                out.add(n.substring(prefix.length()));
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public synchronized void createDirectories(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            dirs.add(p.toString());
        }
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        check("delete", file.getFileName().toString(), 0, 0);
        names.remove(key(file));
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        check("rename", from.getFileName().toString(), 0, 0);
        MemFile f = names.remove(key(from));
        if (f == null) {
            throw new FileNotFoundException(from.toString());
        }
        f.rename(to.getFileName().toString());
        names.put(key(to), f);
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        check("syncDirectory", dir.toString(), 0, 0);
        String prefix = key(dir) + "/";
        durableNames.keySet().removeIf(n -> n.startsWith(prefix) && !names.containsKey(n));
        for (Map.Entry<String, MemFile> e : names.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                durableNames.put(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public synchronized AutoCloseable lock(Path lockFile) throws IOException {
        String k = key(lockFile);
        if (!locks.add(k)) {
            throw new LockHeldException("already open: " + lockFile.getParent());
        }
        return () -> {
            synchronized (MemFileIO.this) {
                locks.remove(k);
            }
        };
    }

    /** One file: current bytes, and the bytes as of the last force. Guarded by the file system's lock. */
    private static final class MemFile {
        private final MemFileIO fs;
        private String name;
        private byte[] data = new byte[0];
        private long length;
        private byte[] durable = new byte[0];

        MemFile(MemFileIO fs, String name) {
            this.fs = fs;
            this.name = name;
        }

        MemFile durableCopy(MemFileIO owner) {
            MemFile f = new MemFile(owner, name);
            f.data = durable.clone();
            f.length = durable.length;
            f.durable = durable.clone();
            return f;
        }

        MemFile currentCopy(MemFileIO owner) {
            MemFile f = new MemFile(owner, name);
            f.data = snapshot();
            f.length = length;
            f.durable = durable.clone();
            return f;
        }

        byte[] snapshot() {
            byte[] out = new byte[(int) length];
            System.arraycopy(data, 0, out, 0, (int) length);
            return out;
        }

        void replace(byte[] bytes) {
            data = bytes.clone();
            length = bytes.length;
            durable = bytes.clone();
        }

        void rename(String newName) {
            name = newName;
        }

        private void ensureCapacity(long needed) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("in-memory file too large: " + needed);
            }
            if (needed > data.length) {
                long cap = Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, (long) data.length * 2));
                byte[] grown = new byte[(int) cap];
                System.arraycopy(data, 0, grown, 0, (int) length);
                data = grown;
            }
        }

        FileHandle handle(boolean readOnly) {
            return new FileHandle() {
                private volatile boolean closed;

                private void open() throws IOException {
                    if (closed) {
                        throw new java.nio.channels.ClosedChannelException();
                    }
                }

                @Override
                public String name() {
                    synchronized (fs) {
                        return name;
                    }
                }

                @Override
                public void readFully(long position, ByteBuffer dst) throws IOException {
                    synchronized (fs) {
                        open();
                        fs.check("read", name, position, dst.remaining());
                        if (position < 0 || position + dst.remaining() > length) {
                            throw new EOFException(name + ": read [" + position + ", +" + dst.remaining() + ") past end " + length);
                        }
                        dst.put(data, (int) position, dst.remaining());
                    }
                }

                @Override
                public void writeFully(long position, ByteBuffer src) throws IOException {
                    synchronized (fs) {
                        open();
                        if (readOnly) {
                            throw new IOException(name + " is open read-only");
                        }
                        fs.check("write", name, position, src.remaining());
                        long end = position + src.remaining();
                        ensureCapacity(end);
                        src.get(data, (int) position, src.remaining());
                        length = Math.max(length, end);
                    }
                }

                @Override
                public void force() throws IOException {
                    synchronized (fs) {
                        open();
                        fs.check("force", name, 0, length);
                        durable = snapshot();
                    }
                }

                @Override
                public long size() throws IOException {
                    synchronized (fs) {
                        open();
                        return length;
                    }
                }

                @Override
                public void truncate(long size) throws IOException {
                    synchronized (fs) {
                        open();
                        fs.check("truncate", name, size, 0);
                        ensureCapacity(size);
                        if (size < length) {
                            java.util.Arrays.fill(data, (int) size, (int) length, (byte) 0);
                        }
                        length = size;
                    }
                }

                @Override
                public MemorySegment map(long offset, long len) throws IOException {
                    synchronized (fs) {
                        open();
                        fs.check("map", name, offset, len);
                        if (offset < 0 || len < 0 || offset + len > length) {
                            throw new IOException(name + ": map [" + offset + ", +" + len + ") outside file of " + length + " bytes");
                        }
                        // A copy: the engine maps only bytes that no longer change (written out-of-line values).
                        byte[] copy = new byte[(int) len];
                        System.arraycopy(data, (int) offset, copy, 0, (int) len);
                        return MemorySegment.ofArray(copy).asReadOnly();
                    }
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }
}
