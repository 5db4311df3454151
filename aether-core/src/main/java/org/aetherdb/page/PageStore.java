package org.aetherdb.page;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.btree.Branch;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.Node;
import org.aetherdb.btree.NodeCodec;
import org.aetherdb.btree.NodeStore;
import org.aetherdb.format.BlobFormat;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Extent;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.format.LoggedValues;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.StoredValue;
import org.aetherdb.io.FileHandle;

/**
 * The data file seen as pages and out-of-line values: loads and verifies pages (once, then from
 * the cache), writes pages and values, and tracks which extents the version being built no
 * longer uses.
 *
 * <p>Freed-space protocol. While a commit group is applied, every replaced page and value is
 * recorded with the sequence number {@code f} of the first version that no longer uses it. When
 * the group is published the records join the pending list (ordered by {@code f}); when it fails
 * they are dropped. A pending extent returns to the allocator only when a durable checkpoint
 * covers {@code f} (recovery can no longer need it) and no registered reader holds a version
 * older than {@code f}. A page that the running checkpoint writes while a commit replaces it is
 * caught by the watch list: its address appears only after the commit looked, so the checkpoint
 * frees it when it finishes.
 */
public final class PageStore implements NodeStore, AutoCloseable {
    private final FileHandle data;
    private final String file;
    private final int pageSize;
    private final PageCache cache;
    private final ExtentAllocator allocator;
    private final LoggedValues logged;
    private final AtomicLong dirtyBytes = new AtomicLong();
    /** Out-of-line values written since the data file was last forced for the log ({@link #forceValues()}). */
    private volatile boolean valuesUnforced = true;

    // Guarded by the commit lock (the leader or the checkpointer holding it).
    private long currentSeq;
    private final List<Freed> groupFreed = new ArrayList<>();
    /** Freed extents not yet reusable, ordered by {@link Freed#seq}. */
    private final ArrayDeque<Freed> pending = new ArrayDeque<>();
    private boolean watching;
    private final List<ChildRef> watchRefs = new ArrayList<>();
    private final List<Long> watchSeqs = new ArrayList<>();

    /**
     * @param logged resolves leaves' references to values in the log; closed with this store
     */
    public PageStore(FileHandle data, int pageSize, PageCache cache, ExtentAllocator allocator, LoggedValues logged) {
        this.data = data;
        this.file = data.name();
        this.pageSize = pageSize;
        this.cache = cache;
        this.allocator = allocator;
        this.logged = logged;
    }

    /** A store of a data file alone: a reference to a value in the log is corruption. */
    public PageStore(FileHandle data, int pageSize, PageCache cache, ExtentAllocator allocator) {
        this(data, pageSize, cache, allocator, LoggedValues.none(data.name()));
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public String fileName() {
        return file;
    }

    // Inspection for tests in other packages; production code uses the methods below, which say
    // what they do with these parts.

    public ExtentAllocator allocator() {
        return allocator;
    }

    public PageCache cache() {
        return cache;
    }

    public FileHandle file() {
        return data;
    }

    // ---- the data file, the allocator and the cache, by what callers do with them ----

    /** Makes every write to the data file so far durable. */
    public void force() throws IOException {
        data.force();
    }

    /** Writes {@code bytes} at {@code address} of the data file (an extent the caller allocated). */
    public void write(long address, byte[] bytes) throws IOException {
        data.writeFully(address, bytes, 0, bytes.length);
    }

    /** The data file's size in bytes, or -1 when the file system cannot tell. */
    public long fileSize() {
        try {
            return data.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Notes that out-of-line values were written that the next {@link #forceValues()} must force. */
    public void valuesWritten() {
        valuesUnforced = true;
    }

    /**
     * Forces the data file when out-of-line values were written since the last call: called before
     * every log force, so a durable log record never points at a value that is not. True at open:
     * recovery may have replayed values the OS had not yet written. Synchronized: a checkpoint
     * calls it without the commit lock ({@code LogWriter.prepareForce}), and a caller that finds
     * the flag cleared must not go on to force the log before the force that cleared it ends.
     */
    public synchronized void forceValues() throws IOException {
        if (valuesUnforced) {
            valuesUnforced = false;
            data.force();
        }
    }

    /** A fresh extent of {@code bytes} (a multiple of the page size). */
    public long allocate(long bytes) {
        return allocator.allocate(bytes);
    }

    /** Returns an extent no durable structure references any more. */
    public void free(long address, long bytes) {
        allocator.free(address, bytes);
    }

    /** Where the allocated part of the data file ends. */
    public long fileEnd() {
        return allocator.end();
    }

    public long freeBytes() {
        return allocator.freeBytes();
    }

    public int freeExtentCount() {
        return allocator.extentCount();
    }

    /** The page cache's counters: pages and bytes held, hits, misses. */
    public CacheCounters cacheCounters() {
        return new CacheCounters(cache.size(), cache.bytes(), cache.hits(), cache.misses());
    }

    /** The page cache's counters at one moment. */
    public record CacheCounters(long pages, long bytes, long hits, long misses) {}

    /** Closes the data file and empties the cache; the store is unusable afterwards. */
    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            cache.clear();
            logged.close();
        }
    }

    @Override
    public Node load(ChildRef ref) {
        Node n = ref.node();
        if (n != null) {
            return n;
        }
        long address = ref.address();
        int checksum = ref.checksum();
        Node cached = cache.get(address, checksum);
        if (cached != null) {
            return cached;
        }
        n = NodeCodec.decode(readPage(address), address, checksum, file);
        if (n instanceof Branch) {
            ref.cache(n); // branches stay resident: they are few and on every path
        } else {
            cache.put(address, checksum, n);
        }
        return n;
    }

    /** Reads the raw page at {@code address} (no verification). */
    public byte[] readPage(long address) {
        byte[] page = new byte[pageSize];
        try {
            data.readFully(address, page, 0, pageSize);
        } catch (EOFException e) {
            throw new CorruptDataException(file, address, "page lies beyond the end of the file (truncated?)");
        } catch (IOException e) {
            throw new EngineIoException("cannot read page at " + address + " of " + file + ": " + e.getMessage(), e);
        }
        return page;
    }

    /**
     * Values at least this large are read through a memory mapping: one copy from the page cache
     * into the caller's array, instead of a read into a JDK temporary direct buffer and a second
     * copy from there.
     */
    static final int MAP_THRESHOLD = 256 * 1024;

    @Override
    public byte[] readLogged(Logged ref) {
        return logged.read(ref);
    }

    @Override
    public byte[] readBlob(OutOfLine blob) {
        byte[] header = new byte[BlobFormat.HEADER];
        byte[] value = new byte[blob.length()];
        try {
            long extent = BlobFormat.HEADER + (long) blob.length();
            if (blob.address() + extent > data.size()) {
                throw new EOFException();
            }
            if (blob.length() >= MAP_THRESHOLD) {
                MemorySegment seg = data.map(blob.address(), extent);
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, header, 0, header.length);
                BlobFormat.checkHeader(header, blob.address(), blob.length(), blob.checksum(), file);
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, BlobFormat.HEADER, value, 0, value.length);
            } else {
                data.readFully(blob.address(), header, 0, header.length);
                BlobFormat.checkHeader(header, blob.address(), blob.length(), blob.checksum(), file);
                data.readFully(blob.address() + BlobFormat.HEADER, value, 0, value.length);
            }
        } catch (EOFException e) {
            throw new CorruptDataException(file, blob.address(), "out-of-line value lies beyond the end of the file (truncated?)");
        } catch (IOException e) {
            throw new EngineIoException("cannot read value at " + blob.address() + " of " + file + ": " + e.getMessage(), e);
        }
        if (Checksums.crc(blob.address(), value, 0, value.length) != blob.checksum()) {
            throw new CorruptDataException(file, blob.address() + BlobFormat.HEADER, "out-of-line value checksum mismatch");
        }
        return value;
    }

    /**
     * What is wrong with the first damaged out-of-line value among {@code ops} (naming the data
     * file and offset), or null when all of them are intact. Replay stops at such a record.
     */
    public CorruptDataException firstDamagedValue(List<Op> ops) {
        for (Op op : ops) {
            if (op.value() instanceof OutOfLine blob) {
                try {
                    readBlob(blob);
                } catch (CorruptDataException e) {
                    return e;
                }
            }
        }
        return null;
    }

    /**
     * Writes an out-of-line value to a fresh extent from the caller's thread. Not durable until
     * the data file is forced (the commit pipeline does that before the log record is).
     */
    public OutOfLine writeBlob(byte[] value) throws IOException {
        long bytes = BlobFormat.extentBytes(value.length, pageSize);
        long address = allocator.allocate(bytes);
        int crc = Checksums.crc(address, value, 0, value.length);
        data.writeFully(address, BlobFormat.header(address, value.length, crc), 0, BlobFormat.HEADER);
        data.writeFully(address + BlobFormat.HEADER, value, 0, value.length);
        return new OutOfLine(address, value.length, crc);
    }

    /** Writes a node to a newly allocated page and records where in its ref. */
    public void writeNode(ChildRef ref, Node node) throws IOException {
        long address = allocator.allocate(pageSize);
        byte[] page = new byte[pageSize];
        int crc = NodeCodec.encode(node, page, address);
        data.writeFully(address, page, 0, pageSize);
        if (!(node instanceof Branch)) {
            cache.put(address, crc, node);
        }
        ref.written(address, crc);
    }

    // ---- freed-space tracking (under the commit lock) ----

    /** The sequence number of the version being built; frees are tagged with it. */
    public void beginVersion(long seq) {
        currentSeq = seq;
    }

    @Override
    public void discard(ChildRef ref) {
        long address = ref.address();
        if (address != 0) {
            groupFreed.add(new Freed(new Extent(address, pageSize), currentSeq));
            dirtyBytes.addAndGet(pageSize);
        } else if (watching) {
            watchRefs.add(ref);
            watchSeqs.add(currentSeq);
        }
    }

    /** Bytes of values in the log that the newest version refers to. */
    public long loggedValueBytes() {
        return logged.liveBytes();
    }

    @Override
    public void adoptValue(StoredValue value) {
        if (value instanceof Logged ref) {
            logged.added(ref);
        }
    }

    @Override
    public void discardValue(StoredValue value) {
        switch (value) {
            case OutOfLine blob -> groupFreed.add(new Freed(new Extent(blob.address(), BlobFormat.extentBytes(blob.length(), pageSize)),
                    currentSeq));
            case Logged ref -> logged.discarded(ref, currentSeq);
            case Inline _ -> { }
        }
    }

    /** The group was published: its frees become pending. Or it failed: forget them. */
    public void endGroup(boolean published) {
        if (published) {
            pending.addAll(groupFreed);
        }
        groupFreed.clear();
    }

    /** Bytes of pages made dirty since the last checkpoint began (estimate, for triggering one). */
    public long dirtyBytes() {
        return dirtyBytes.get();
    }

    /** Start of a checkpoint (under the commit lock): watch replaced unwritten pages. */
    public long beginCheckpoint() {
        watching = true;
        return dirtyBytes.getAndSet(0);
    }

    /** End of the checkpoint's page writes (under the commit lock): free watched pages it wrote. */
    public void endCheckpointWrites() {
        for (int i = 0; i < watchRefs.size(); i++) {
            long address = watchRefs.get(i).address();
            if (address != 0) {
                pending.add(new Freed(new Extent(address, pageSize), watchSeqs.get(i)));
            }
        }
        watchRefs.clear();
        watchSeqs.clear();
        watching = false;
        // Keep the pending list ordered by the sequence at which each extent was freed.
        List<Freed> sorted = new ArrayList<>(pending);
        sorted.sort(Comparator.comparingLong(Freed::seq));
        pending.clear();
        pending.addAll(sorted);
    }

    /**
     * The free list a checkpoint of version {@code seq} records: free now, or freed at or before
     * it, plus {@code extra} (the previous free list's extent, which the new checkpoint no longer
     * references; null when none).
     */
    public List<Extent> freeListAt(long seq, Extent extra) {
        ExtentAllocator view = new ExtentAllocator(pageSize, allocator.end(), allocator.extents());
        for (Freed p : pending) {
            if (p.seq() <= seq) {
                view.free(p.extent().start(), p.extent().length());
            }
        }
        if (extra != null) {
            view.free(extra.start(), extra.length());
        }
        return view.extents();
    }

    /** Returns to the allocator every pending extent freed at or before {@code upTo}. */
    public void reclaim(long upTo) {
        while (!pending.isEmpty() && pending.peekFirst().seq() <= upTo) {
            Extent e = pending.pollFirst().extent();
            allocator.free(e.start(), e.length());
        }
    }

    public int pendingCount() {
        return pending.size();
    }

    /** An extent the version numbered {@code seq} stopped using: reusable once no reader and no durable checkpoint is older. */
    private record Freed(Extent extent, long seq) {}
}
