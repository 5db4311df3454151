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
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory file system that models what survives a crash. Each file keeps the bytes written
 * to it and, apart, the bytes as of its last {@link FileHandle#force()}; the directory keeps its
 * entries and, apart, the entries as of its last {@link #syncDirectory(Path)}. {@link #crash()}
 * returns the file system a machine would find after power loss if the OS had written nothing
 * unsynced: only forced bytes under synced names. The other crash states (unsynced writes lost,
 * reordered or torn at sector granularity; unsynced directory changes lost) are built by the
 * crash-state explorer of the tests from the change log {@link #record(Consumer)} delivers.
 *
 * <p>Faults: {@link #failWhen(Predicate)} makes any operation matching the predicate throw an
 * {@link IOException} before it takes effect; {@link #injectFaults(Function)} can also cut a write
 * short or let an operation take effect and then report failure; {@link #setCapacity(long)}
 * models a full disk (writes that would grow the files past it write what fits, then fail).
 * Operations seen by faults: {@code open} (also read-only opens), {@code create} (an open that
 * creates the file), {@code read}, {@code write}, {@code force}, {@code truncate}, {@code size},
 * {@code map}, {@code list}, {@code delete}, {@code rename}, {@code syncDirectory},
 * {@code lock}. Thread-safe (one lock); faults and the change log run under it, in the order the
 * operations take effect.
 */
public final class MemFileIO implements FileIO {
    /** One operation, as seen by a fault predicate. */
    public record Op(String kind, String file, long position, long length) {}

    /**
     * What an injected fault does: {@code ERROR} fails before the operation takes effect,
     * {@code SHORT_WRITE} writes the first {@code bytes} bytes of a write and then fails (other
     * operations: as {@code ERROR}), {@code AFTER_EFFECT} lets the operation take effect and then
     * fails (a force that reached the disk but reported an error).
     */
    public record Fault(Kind kind, long bytes, String message) {
        public enum Kind { ERROR, SHORT_WRITE, AFTER_EFFECT }

        public static Fault error(String message) {
            return new Fault(Kind.ERROR, 0, message);
        }

        public static Fault shortWrite(long bytes, String message) {
            return new Fault(Kind.SHORT_WRITE, bytes, message);
        }

        public static Fault afterEffect(String message) {
            return new Fault(Kind.AFTER_EFFECT, 0, message);
        }
    }

    /**
     * A change that took effect, in order, for the crash-state explorer. Paths are absolute and
     * normalised; files are identified by {@code file} ids (stable across renames).
     */
    public sealed interface Event {
        /** A new, empty file {@code file} was created under {@code path} (not yet durable). */
        record Created(String path, int file) implements Event {}

        /** {@code bytes} were written at {@code position} of file {@code file} (not yet durable). */
        record Wrote(int file, long position, byte[] bytes) implements Event {}

        /** File {@code file} was cut or extended with zeros to {@code size} (not yet durable). */
        record Resized(int file, long size) implements Event {}

        /** File {@code file}'s bytes and size became durable. */
        record Forced(int file) implements Event {}

        /** The entry {@code path} was removed (not yet durable). */
        record Deleted(String path) implements Event {}

        /** The entry {@code from} was renamed to {@code to}, replacing it (not yet durable). */
        record Renamed(String from, String to) implements Event {}

        /** Every entry change under directory {@code dir} became durable. */
        record DirSynced(String dir) implements Event {}
    }

    /** A file as a power loss now would leave it at least: its id and its forced bytes. */
    public record DurableFile(int id, byte[] bytes) {}

    private final Map<String, MemFile> names = new HashMap<>();
    private final Map<String, MemFile> durableNames = new HashMap<>();
    private final Set<String> dirs = new HashSet<>();
    private final Set<String> locks = new HashSet<>();
    private volatile Function<Op, Fault> faults = op -> null;
    private Consumer<Event> recorder;
    private long capacity = Long.MAX_VALUE;
    private int nextId;

    public MemFileIO() {}

    private static String key(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /** Makes every later operation that matches {@code predicate} fail with an IOException. */
    public void failWhen(Predicate<Op> predicate) {
        this.faults = op -> predicate.test(op) ? Fault.error("injected fault: " + op) : null;
    }

    /** Asks {@code injector} before every operation which fault (null: none) it suffers. */
    public void injectFaults(Function<Op, Fault> injector) {
        this.faults = injector;
    }

    /** Stops injecting faults (the capacity stays). */
    public void clearFaults() {
        this.faults = op -> null;
    }

    /** Delivers every later change to {@code listener} (null: stop), under the file system's lock. */
    public synchronized void record(Consumer<Event> listener) {
        this.recorder = listener;
    }

    /** Total bytes the files hold (sizes; removed files still open are not counted). */
    public synchronized long usage() {
        long sum = 0;
        for (MemFile f : new HashSet<>(names.values())) {
            sum += f.length;
        }
        return sum;
    }

    /** A full disk: writes and extensions that would grow {@link #usage()} past {@code bytes} fail. */
    public synchronized void setCapacity(long bytes) {
        this.capacity = bytes;
    }

    /**
     * The forced bytes of every file under a synced name (what {@link #crash()} keeps), by
     * absolute path. The crash-state explorer starts from this.
     */
    public synchronized Map<String, DurableFile> durableFiles() {
        Map<String, DurableFile> out = new HashMap<>();
        durableNames.forEach((k, f) -> out.put(k, new DurableFile(f.id, f.durable.clone())));
        return out;
    }

    /** True when a power loss now would lose nothing: every file forced, every name synced. */
    public synchronized boolean allDurable() {
        if (!names.equals(durableNames)) {
            return false;
        }
        for (MemFile f : names.values()) {
            if (!java.util.Arrays.equals(f.snapshot(), f.durable)) {
                return false;
            }
        }
        return true;
    }

    private void emit(Event e) {
        if (recorder != null) {
            recorder.accept(e);
        }
    }

    /** Asks the injector; throws for an {@code ERROR} fault, returns any other (or null). */
    Fault check(String kind, String file, long position, long length) throws IOException {
        Op op = new Op(kind, file, position, length);
        Fault f = faults.apply(op);
        if (f != null && (f.kind() == Fault.Kind.ERROR || f.kind() == Fault.Kind.SHORT_WRITE && !kind.equals("write"))) {
            throw new IOException(f.message());
        }
        return f;
    }

    /** Reports an {@code AFTER_EFFECT} fault once the operation took effect. */
    private static void after(Fault f) throws IOException {
        if (f != null && f.kind() == Fault.Kind.AFTER_EFFECT) {
            throw new IOException(f.message());
        }
    }

    private static String last(Path p) {
        Path n = p.getFileName();
        return n == null ? p.toString() : n.toString();
    }

    /** The state after a power loss now: forced bytes of files whose names were synced. */
    public synchronized MemFileIO crash() {
        return copy(durableNames, MemFile::durableCopy);
    }

    /** A copy of the current (unsynced included) state, as a process crash leaves it. */
    public synchronized MemFileIO processCrash() {
        return copy(names, MemFile::currentCopy);
    }

    /** A new file system holding {@code files} as {@code copy} makes them, every name durable. */
    private MemFileIO copy(Map<String, MemFile> files, BiFunction<MemFile, MemFileIO, MemFile> copy) {
        MemFileIO after = new MemFileIO();
        after.dirs.addAll(dirs);
        for (Map.Entry<String, MemFile> e : files.entrySet()) {
            MemFile f = copy.apply(e.getValue(), after);
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
        MemFile f = names.get(k);
        if (f == null && create) {
            Fault fault = check("create", last(file), 0, 0);
            if (!dirs.contains(key(file.toAbsolutePath().getParent()))) {
                throw new FileNotFoundException("no directory for " + file);
            }
            f = new MemFile(this, last(file));
            names.put(k, f);
            emit(new Event.Created(k, f.id));
            after(fault);
            return f.handle(false);
        }
        after(check("open", last(file), 0, 0));
        if (f == null) {
            throw new FileNotFoundException(file.toString());
        }
        return f.handle(false);
    }

    @Override
    public synchronized FileHandle openReadOnly(Path file) throws IOException {
        after(check("open", last(file), 0, 0));
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
        after(check("list", dir.toString(), 0, 0));
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

    /** Directories are not part of the crash model (they exist from their creation on) nor of faults. */
    @Override
    public synchronized void createDirectories(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            dirs.add(p.toString());
        }
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        Fault fault = check("delete", last(file), 0, 0);
        if (names.remove(key(file)) != null) {
            emit(new Event.Deleted(key(file)));
        }
        after(fault);
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        Fault fault = check("rename", last(from), 0, 0);
        MemFile f = names.remove(key(from));
        if (f == null) {
            throw new FileNotFoundException(from.toString());
        }
        f.rename(last(to));
        names.put(key(to), f);
        emit(new Event.Renamed(key(from), key(to)));
        after(fault);
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        Fault fault = check("syncDirectory", dir.toString(), 0, 0);
        String prefix = key(dir) + "/";
        durableNames.keySet().removeIf(n -> n.startsWith(prefix) && !names.containsKey(n));
        for (Map.Entry<String, MemFile> e : names.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                durableNames.put(e.getKey(), e.getValue());
            }
        }
        emit(new Event.DirSynced(key(dir)));
        after(fault);
    }

    @Override
    public synchronized AutoCloseable lock(Path lockFile) throws IOException {
        after(check("lock", last(lockFile), 0, 0));
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
        private final int id;
        private String name;
        private byte[] data = new byte[0];
        private long length;
        private byte[] durable = new byte[0];

        MemFile(MemFileIO fs, String name) {
            this.fs = fs;
            this.name = name;
            this.id = fs.nextId++;
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

        /** How many bytes past the current end the disk has room for. */
        private long room() {
            long free = fs.capacity - fs.usage();
            return Math.max(0, free);
        }

        private void write(long position, ByteBuffer src, Fault fault) throws IOException {
            int n = src.remaining();
            if (fault != null && fault.kind() == Fault.Kind.SHORT_WRITE) {
                n = (int) Math.min(n, fault.bytes());
            }
            boolean full = false;
            if (position + n > length && position + n - length > room()) {
                n = (int) Math.max(0, Math.min(n, length + room() - position));
                full = true;
            }
            long end = position + n;
            ensureCapacity(end);
            byte[] bytes = new byte[n];
            src.get(bytes);
            System.arraycopy(bytes, 0, data, (int) position, n);
            length = Math.max(length, end);
            if (n > 0 || fault == null) {
                fs.emit(new Event.Wrote(id, position, bytes));
            }
            if (full) {
                throw new IOException("No space left on device (" + name + ": wrote " + n + " bytes at " + position + ")");
            }
            if (fault != null && fault.kind() == Fault.Kind.SHORT_WRITE) {
                throw new IOException(fault.message() + " (short write: " + n + " bytes at " + position + ")");
            }
            after(fault);
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
                        after(fs.check("read", name, position, dst.remaining()));
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
                        write(position, src, fs.check("write", name, position, src.remaining()));
                    }
                }

                @Override
                public void force() throws IOException {
                    synchronized (fs) {
                        open();
                        Fault fault = fs.check("force", name, 0, length);
                        durable = snapshot();
                        fs.emit(new Event.Forced(id));
                        after(fault);
                    }
                }

                @Override
                public long size() throws IOException {
                    synchronized (fs) {
                        open();
                        after(fs.check("size", name, 0, 0));
                        return length;
                    }
                }

                @Override
                public void truncate(long size) throws IOException {
                    synchronized (fs) {
                        open();
                        Fault fault = fs.check("truncate", name, size, 0);
                        if (size > length && size - length > room()) {
                            throw new IOException("No space left on device (" + name + ": extending to " + size + ")");
                        }
                        ensureCapacity(size);
                        if (size < length) {
                            java.util.Arrays.fill(data, (int) size, (int) length, (byte) 0);
                        }
                        length = size;
                        fs.emit(new Event.Resized(id, size));
                        after(fault);
                    }
                }

                @Override
                public MemorySegment map(long offset, long len) throws IOException {
                    synchronized (fs) {
                        open();
                        after(fs.check("map", name, offset, len));
                        if (offset < 0 || len < 0 || offset + len > length) {
                            throw new IOException(name + ": map [" + offset + ", +" + len + ") outside file of " + length + " bytes");
                        }
                        // A view of the file's bytes, as a shared mapping is: later writes show through
                        // (the engine maps log segments whose records it goes on writing). Only writes
                        // past the file's capacity, which a mapped file never gets here, are not seen.
                        return MemorySegment.ofArray(data).asSlice(offset, len).asReadOnly();
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
