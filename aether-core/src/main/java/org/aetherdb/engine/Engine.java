package org.aetherdb.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.aetherdb.error.EngineException;
import org.aetherdb.error.CommitConflictException;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.ClosedException;
import org.aetherdb.error.LockedException;
import org.aetherdb.error.FormatMismatchException;
import org.aetherdb.error.WritesStoppedException;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.btree.BlobRef;
import org.aetherdb.btree.CowTree;
import org.aetherdb.check.Dumper;
import org.aetherdb.check.VerifyResult;
import org.aetherdb.check.Verifier;
import org.aetherdb.checkpoint.Checkpointer;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileIO;
import org.aetherdb.page.PageCache;
import org.aetherdb.page.PageStore;
import org.aetherdb.page.ReaderTable;
import org.aetherdb.recovery.DataFiles;
import org.aetherdb.recovery.Recovery;
import org.aetherdb.txn.Validation;
import org.aetherdb.wal.LogOp;
import org.aetherdb.wal.LogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine behind {@link org.aetherdb.AetherDB}.
 *
 * <p><b>Threads and ownership.</b> Readers (any thread) read the volatile {@link #published}
 * version, register it in the {@link ReaderTable} and walk immutable nodes: no locks. Writers
 * prepare their commit on their own thread (large values are written there) and hand it to the
 * {@link CommitPipeline}, where one leader at a time commits every queued request as one group.
 * A background worker ({@link Background}, run by the {@link Environment}) runs timed checkpoints
 * and the fsync of ASYNC commits. A checkpoint takes
 * the commit lock only to capture a version and to finish.
 *
 * <p><b>Invariants.</b> (1) A version is published only after its log records are written, and
 * for SYNC commits forced: nothing is visible before it is durable. (2) Sequence numbers of
 * published versions increase by one per commit and equal the log's record numbers. (3) After
 * any I/O failure in the commit path the engine accepts no more writes ({@link #failure}): the
 * state of the files is unknown until recovery.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Path dir;
    private final Config config;
    private final FileIO io;
    private final AutoCloseable dirLock;
    private final PageStore store;
    private final CowTree tree;
    private final ReaderTable readers = new ReaderTable(256);
    private final LogWriter log;
    private final Checkpointer checkpointer;
    private final Object checkpointMonitor = new Object();
    private final Background background;
    private final int maxInlineValue;
    /** The commit pipeline (null when read-only). */
    private final CommitPipeline pipeline;

    private volatile Version published;
    private volatile Superblock durable;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Throwable failure;
    private volatile long lastCheckpointLogBytes;
    private volatile long checkpoints;

    private Engine(Path dir, Config config, Environment env, AutoCloseable dirLock, Recovery.State r) throws IOException {
        this.dir = dir;
        this.config = config;
        this.io = config.fileIO();
        this.dirLock = dirLock;
        this.store = r.store();
        this.tree = new CowTree(store);
        this.checkpointer = new Checkpointer(store);
        this.durable = r.superblock();
        this.published = new Version(r.root(), r.seq(), tree.height(r.root()));
        this.maxInlineValue = PageFormat.maxInlineValue(store.pageSize());
        if (config.readOnly()) {
            this.log = null;
            this.pipeline = null;
            this.background = null;
        } else {
            // Recovery read through the page cache: the superblock it chose may not be durable (a
            // checkpoint whose last force failed, or a process killed there). Force the data file
            // before anything relies on it, such as deleting the log segments it makes obsolete
            // below; otherwise a power loss can lose both (found by proofs/recovery/Recovery.v,
            // regression test UnforcedSuperblockAtOpenTest).
            store.file().force();
            // Recovery may have replayed values the OS had not yet written: force them before the log.
            this.log = new LogWriter(io, dir, config.walSegmentSize(), r.seq() + 1, r.log().segments(), r.log().spares(),
                    () -> store.file().force(), env::newSalt);
            this.pipeline = new CommitPipeline(this, store, tree, log, readers, r.seq());
            log.beforeForce(pipeline::forceValuesLocked);
            for (String old : r.log().obsolete()) {
                io.delete(dir.resolve(old)); // all its records are in the checkpoint
            }
            this.background = new Background(this, config, env);
        }
    }

        /**
     * Opens with the clock, background scheduling and salts of {@code env}: the deterministic
     * simulation's seam ({@link Environment#REAL} for applications).
     */
    public static Engine open(Path dir, Config config, Environment env) {
        java.util.Objects.requireNonNull(env, "env");
        FileIO io = config.fileIO();
        AutoCloseable lock = null;
        try {
            if (io.exists(dir) && !io.isDirectory(dir)) {
                throw new FormatMismatchException(dir + " is not a directory");
            }
            if (!io.exists(dir)) {
                if (!config.createIfMissing() || config.readOnly()) {
                    throw new FormatMismatchException("no AetherDB database in " + dir + " (directory does not exist)");
                }
                io.createDirectories(dir);
            }
            boolean mayCreate = config.createIfMissing() && !config.readOnly();
            if (!mayCreate && !io.exists(dir.resolve(DataFiles.DATA))) {
                throw new FormatMismatchException("no AetherDB database in " + dir); // checked before locking: leaves no LOCK file
            }
            lock = takeLock(io, dir);
            if (!io.exists(dir.resolve(DataFiles.DATA))) {
                if (!config.createIfMissing() || config.readOnly()) {
                    throw new FormatMismatchException("no AetherDB database in " + dir);
                }
                for (String name : io.list(dir)) {
                    if (name.startsWith("wal-") && name.endsWith(".log")) {
                        throw new CorruptDataException(DataFiles.DATA, -1, "data file missing while log segments exist in " + dir);
                    }
                }
                DataFiles.create(io, dir, config.pageSize());
            }
            Recovery.State r = Recovery.recover(io, dir, config.readOnly(), config.pageSizeExplicit() ? config.pageSize() : 0, config.cacheSize());
            Engine e;
            try {
                e = new Engine(dir, config, env, lock, r);
            } catch (IOException | RuntimeException ex) {
                closeQuietly(r.store().file());
                throw ex;
            }
            lock = null; // owned by the engine from here on
            try {
                e.afterOpen(r);
            } catch (RuntimeException ex) {
                e.abandon(); // a failed open must not keep files or the directory lock
                throw ex;
            }
            return e;
        } catch (IOException ex) {
            throw new EngineIoException("cannot open " + dir + ": " + ex.getMessage(), ex);
        } finally {
            if (lock != null) {
                closeQuietly(lock);
            }
        }
    }

    private static AutoCloseable takeLock(FileIO io, Path dir) throws IOException {
        try {
            return io.lock(dir.resolve(DataFiles.LOCK));
        } catch (FileIO.LockHeldException e) {
            throw new LockedException("database " + dir + " is in use: " + e.getMessage());
        }
    }

    private void afterOpen(Recovery.State r) {
        if (r.log().tailCut() != null) {
            LOG.warn("{}: log ends in a torn or stale tail at {}; cut", dir, r.log().tailCut());
        }
        if (log != null) {
            if (r.log().recordsApplied() > 0) {
                checkpoint(); // the replayed commits now live in the data file; old segments become spares
            }
            background.start();
        }
    }

    public static VerifyResult verify(Path dir, FileIO io, LongConsumer progress) {
        return offline(io, dir, "verify", () -> new Verifier(io, dir, progress).run());
    }

    public static void dump(Path dir, FileIO io, PrintStream out) {
        offline(io, dir, "dump", () -> {
            new Dumper(io, dir, out).run();
            return null;
        });
    }

    /** Work on a closed database: holds the directory lock, maps I/O errors to EngineIoException. */
    private static <T> T offline(FileIO io, Path dir, String what, java.util.concurrent.Callable<T> work) {
        try (AutoCloseable lock = takeLock(io, dir)) {
            return work.call();
        } catch (EngineException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineIoException("cannot " + what + " " + dir + ": " + e.getMessage(), e);
        }
    }

    Version published() {
        return published;
    }

    void publish(Version v) {
        published = v;
    }

    Throwable failure() {
        return failure;
    }

    boolean closed() {
        return closed;
    }

    Path dir() {
        return dir;
    }

    /** Called by the background thread: forces ASYNC commits written but not yet durable. */
    void syncAsync() {
        pipeline.syncAsync();
    }

    public int pageSize() {
        return store.pageSize();
    }

    public int maxKeySize() {
        return PageFormat.maxKey(store.pageSize());
    }

    PageStore store() {
        return store;
    }

    public void checkOpen() {
        if (closed) {
            throw new ClosedException("database " + dir + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (config.readOnly()) {
            throw new WritesStoppedException("database " + dir + " was opened read-only");
        }
        Throwable f = failure;
        if (f != null) {
            throw new WritesStoppedException("database " + dir + " stopped accepting writes after an I/O failure; reopen it to recover", f);
        }
    }

    // ---- reads ----

    /** Registers the current version in a reader slot; see {@link ReaderTable} for the protocol. */
    private int acquire(Version[] out) {
        Version v = published;
        int slot = readers.claim(v.seq());
        while (true) {
            Version again = published;
            if (again == v) {
                out[0] = v;
                return slot;
            }
            v = again;
            readers.update(slot, v.seq());
        }
    }

    public byte[] get(byte[] key) {
        checkOpen();
        Version[] v = new Version[1];
        int slot = acquire(v);
        try {
            return read(v[0], key);
        } finally {
            readers.release(slot);
        }
    }

    byte[] read(Version v, byte[] key) {
        Object value = tree.get(v.root(), key);
        if (value == null) {
            return null;
        }
        return value instanceof byte[] b ? b.clone() : store.readBlob((BlobRef) value);
    }

    public ReadView openView() {
        checkOpen();
        Version[] v = new Version[1];
        int slot = acquire(v);
        return new View(this, v[0], readers, slot);
    }

    // ---- commits ----

    /**
     * Commits {@code mutations} atomically as one log record. Large values are written to the
     * data file first, from this thread; the rest is copied and handed to the commit group.
     */
    public void commit(List<Mutation> mutations, SyncMode durability) {
        commit(mutations, durability, null);
    }

    /**
     * Commits {@code mutations} atomically as one log record, after checking {@code validation}
     * (null: a plain write, never rejected) in the commit pipeline.
     *
     * @return the commit's sequence number
     * @throws CommitConflictException when validation rejects it (nothing applied)
     */
    public long commit(List<Mutation> mutations, SyncMode durability, Validation validation) {
        checkWritable();
        List<LogOp> ops = new ArrayList<>(mutations.size());
        boolean blobs = false;
        try {
            for (Mutation m : mutations) {
                byte[] v = m.value();
                if (v == null) {
                    ops.add(new LogOp(m.key().clone(), null));
                } else if (v.length > maxInlineValue) {
                    ops.add(new LogOp(m.key().clone(), store.writeBlob(v)));
                    blobs = true;
                } else {
                    ops.add(new LogOp(m.key().clone(), v.clone()));
                }
            }
        } catch (IOException e) {
            fail(e);
            throw new EngineIoException("cannot write a large value to " + store.fileName() + ": " + e.getMessage(), e);
        }
        long seq = pipeline.submit(new CommitRequest(ops, durability, blobs, validation));
        applyBackpressure();
        return seq;
    }

    void fail(Throwable t) {
        if (failure == null) {
            failure = t;
            LOG.error("{}: I/O failure; no more writes are accepted until the database is reopened", dir, t);
        }
    }

    /** Write stall: a writer far ahead of checkpoints runs one itself, bounding dirty memory. */
    private void applyBackpressure() {
        long logBytes = log.bytesWritten() - lastCheckpointLogBytes;
        long dirty = store.dirtyBytes();
        if (dirty > config.cacheSize() / 2 || logBytes > 2 * config.checkpointLogBytes()) {
            try {
                checkpoint(false);
            } catch (RuntimeException e) {
                // This commit is durable; the failure is recorded and fails the next write.
                LOG.error("{}: checkpoint after commit failed", dir, e);
            }
        } else if (dirty > config.cacheSize() / 4 || logBytes > config.checkpointLogBytes()) {
            background.requestCheckpoint();
        }
    }

    boolean checkpointDue() {
        return published.seq() != durable.sequence() || store.pendingCount() > 0;
    }

    // ---- checkpoints ----

    public void checkpoint() {
        checkWritable();
        checkpoint(false);
    }

    private void checkpoint(boolean clean) {
        synchronized (checkpointMonitor) {
            if (failure != null) {
                throw new WritesStoppedException("no checkpoint after an I/O failure; reopen to recover", failure);
            }
            Version v;
            long logMark;
            pipeline.lock();
            try {
                v = published;
                logMark = log.bytesWritten();
                store.beginCheckpoint();
            } finally {
                pipeline.unlock();
            }
            try {
                checkpointer.writePages(v.root());
                Superblock prev = durable;
                long flAddress;
                long reserve;
                int[] fl;
                pipeline.lock();
                try {
                    store.endCheckpointWrites();
                    reserve = checkpointer.freeListReserve();
                    flAddress = store.allocator().allocate(reserve);
                    // The previous free list's extent is unreferenced by the new superblock: free in
                    // its free list (in memory it is reused only once that superblock is durable).
                    long[] previous = prev.freeListAddress() == 0 ? null : new long[] {prev.freeListAddress(), prev.freeListBytes()};
                    fl = checkpointer.writeFreeList(flAddress, reserve, store.freeListAt(v.seq(), previous));
                } finally {
                    pipeline.unlock();
                }
                Superblock sb = new Superblock(store.pageSize(), clean ? Superblock.FLAG_CLEAN : 0, prev.generation() + 1, v.seq(),
                        v.root().address(), v.root().checksum(), v.height(), flAddress, fl[0], fl[1], store.allocator().end());
                checkpointer.commit(sb);
                durable = sb;
                lastCheckpointLogBytes = logMark;
                checkpoints++;
                pipeline.lock();
                try {
                    if (prev.freeListAddress() != 0) {
                        store.allocator().free(prev.freeListAddress(), prev.freeListBytes()); // the whole extent
                    }
                    store.reclaim(Math.min(v.seq(), readers.minSequence()));
                    log.releaseUpTo(v.seq());
                } finally {
                    pipeline.unlock();
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
                throw new EngineIoException("checkpoint failed, the database stopped accepting writes: " + e.getMessage(), e);
            }
        }
    }

    // ---- stats and close ----

    public EngineStats stats() {
        checkOpen();
        Version v = published;
        Superblock sb = durable;
        long fileBytes;
        try {
            fileBytes = store.file().size();
        } catch (IOException e) {
            fileBytes = -1;
        }
        PageCache c = store.cache();
        return new EngineStats(v.seq(), log == null ? v.seq() : log.durableSeq(), sb.sequence(), store.pageSize(), v.height(), fileBytes,
                store.allocator().freeBytes(), log == null ? 0 : log.bytesWritten() - lastCheckpointLogBytes, c.size(), c.bytes(),
                c.hits(), c.misses(), pipeline == null ? 0 : pipeline.commits(), pipeline == null ? 0 : pipeline.logSyncs(), checkpoints,
                readers.active());
    }

    /** Checkpoints (unless writes failed or read-only), then releases files and the lock. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return; // closed, or being closed by another thread
        }
        if (background != null) {
            background.stop();
        }
        RuntimeException error = null;
        if (pipeline != null) {
            // From here the pipeline refuses new groups (ClosedException); waiting for the
            // lock waits for the group in flight. The final checkpoint then covers every commit
            // that was acknowledged, ASYNC and NONE ones included: nothing follows it in the log.
            pipeline.lock();
            pipeline.unlock();
            if (failure == null) {
                try {
                    checkpoint(true);
                } catch (RuntimeException e) {
                    error = e;
                }
            } else {
                error = new WritesStoppedException("database " + dir + " closed after an I/O failure; reopen it to recover", failure);
            }
        }
        closed = true;
        release();
        if (error != null) {
            throw error;
        }
    }

    /** Tears down an engine whose open failed after construction: no checkpoint, just release. */
    private void abandon() {
        closing.set(true);
        closed = true;
        release();
    }

    private void release() {
        if (log != null) {
            closeQuietly(log);
        }
        closeQuietly(store.file());
        store.cache().clear();
        closeQuietly(dirLock);
    }

    /** True once {@link #close()} began: the pipeline accepts no new groups. */
    boolean closing() {
        return closing.get();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error while closing: {}", e.toString());
        }
    }
}
