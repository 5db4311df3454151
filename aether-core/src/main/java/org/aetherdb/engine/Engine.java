package org.aetherdb.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.aetherdb.btree.CowTree;
import org.aetherdb.checkpoint.Checkpointer;
import org.aetherdb.error.ClosedException;
import org.aetherdb.error.CommitConflictException;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.error.WritesStoppedException;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.Op;
import org.aetherdb.format.StoredValue;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileIO;
import org.aetherdb.page.PageStore;
import org.aetherdb.page.ReaderTable;
import org.aetherdb.recovery.DatabaseDirectory;
import org.aetherdb.recovery.Recovery;
import org.aetherdb.state.EngineState;
import org.aetherdb.state.Version;
import org.aetherdb.txn.Validation;
import org.aetherdb.wal.LogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine behind {@link org.aetherdb.AetherDB}: a coordinator that wires the parts,
 * each of which owns one procedure, and routes the API's calls to them.
 *
 * <p><b>Parts.</b> {@link EngineState} holds what they share (published version, durable
 * checkpoint, failure, closing). The {@link CommitPipeline} commits groups of writes (leader-based
 * group commit); the {@link Checkpointer} makes a published version durable in the data file;
 * {@link Background} runs timed checkpoints and the fsync of ASYNC commits on a worker of the
 * {@link Environment}; {@link Recovery} builds the starting state at open.
 *
 * <p><b>Threads.</b> Readers (any thread) read the published version, register it in the
 * {@link ReaderTable} and walk immutable nodes: no locks. Writers prepare their commit on their
 * own thread (large values are written there) and hand it to the pipeline. A checkpoint takes the
 * commit lock only to capture a version, to write the free list and to finish.
 *
 * <p><b>Invariants.</b> (1) A version is published only after its log records are written, and
 * for SYNC commits forced: nothing is visible before it is durable. (2) Sequence numbers of
 * published versions increase by one per commit and equal the log's record numbers. (3) After
 * any I/O failure in the commit path or a checkpoint the engine accepts no more writes: the
 * state of the files is unknown until recovery.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Config config;
    private final AutoCloseable dirLock;
    private final PageStore store;
    private final CowTree tree;
    private final ReaderTable readers = new ReaderTable(256);
    private final EngineState state;
    /** The writing parts: null when read-only. */
    private final LogWriter log;
    private final CommitPipeline pipeline;
    private final Checkpointer checkpointer;
    private final Background background;
    private final ValueCollector collector;
    private final Writer writer;

    private Engine(Path dir, Config config, Environment env, AutoCloseable dirLock, Recovery.State r) throws IOException {
        this.config = config;
        this.dirLock = dirLock;
        this.store = r.store();
        this.tree = new CowTree(store);
        this.state = new EngineState(dir, new Version(r.root(), r.seq(), tree.height(r.root())), r.superblock());
        if (config.readOnly()) {
            this.log = null;
            this.pipeline = null;
            this.checkpointer = null;
            this.background = null;
            this.collector = null;
            this.writer = null;
            return;
        }
        // Recovery read through the page cache: the superblock it chose may not be durable (a
        // checkpoint whose last force failed, or a process killed there). Force the data file
        // before anything relies on it, such as deleting the log segments it makes obsolete
        // below; otherwise a power loss can lose both (found by proofs/recovery/Recovery.v,
        // regression test UnforcedSuperblockAtOpenTest).
        store.force();
        // Out-of-line values go to the data file before the records that point at them go to
        // the log: the log forces them first (the store starts with "values unforced", since
        // recovery may have replayed values the OS had not yet written).
        this.log = new LogWriter(config.fileIO(), dir, config.walSegmentSize(), r.seq() + 1, r.log().segments(), r.log().spares(),
                store::forceValues, env::newSalt, new LogWriter.ValueLog(r.values(), logAbove(config, store.pageSize()), r.valueSegments()),
                config.syncByDefault());
        this.pipeline = new CommitPipeline(state, store, tree, log, readers, r.seq(), writeBehindBytes(config));
        this.checkpointer = new Checkpointer(state, store, log, readers, pipeline);
        for (String old : r.obsolete()) {
            config.fileIO().delete(dir.resolve(old)); // all its records are in the checkpoint
        }
        this.collector = new ValueCollector(this::internalView, log, pipeline, config.fileIO(), dir, store.pageSize());
        this.background = new Background(pipeline, checkpointer, collector, state, config, env);
        pipeline.onRewriteCarried(background::collectorReady);
        pipeline.onLogBehind(background::logBehind);
        this.writer = new Writer(state, store, pipeline, checkpointer, background, config);
    }

    /**
     * Values longer than this go into the log and the tree refers to them there; longer than a
     * leaf holds, they go to the data file as before (docs/VALUE-LOG.md, step 4 moves them too).
     */
    private static int logAbove(Config config, int pageSize) {
        int configured = config.logValuesAbove() == 0 ? pageSize / 16 : config.logValuesAbove();
        return Math.min(configured, PageFormat.maxInlineValue(pageSize));
    }

    /**
     * Opens or creates the database with the clock, background scheduling and salts of
     * {@code env} ({@link Environment#REAL} for applications; the deterministic simulation's seam).
     */
    public static Engine open(Path dir, Config config, Environment env) {
        Objects.requireNonNull(env, "env");
        FileIO io = config.fileIO();
        AutoCloseable lock = null;
        try {
            lock = DatabaseDirectory.lockForOpen(io, dir, config.createIfMissing(), config.readOnly(), config.pageSize());
            Recovery.State r = Recovery.recover(io, dir, config.readOnly(), config.pageSizeExplicit() ? config.pageSize() : 0,
                    config.cacheSize());
            Engine e;
            try {
                e = new Engine(dir, config, env, lock, r);
            } catch (IOException | RuntimeException ex) {
                closeQuietly(r.store());
                throw ex;
            }
            lock = null; // owned by the engine from here on
            try {
                e.afterOpen(r);
            } catch (RuntimeException ex) {
                e.release(); // a failed open must not keep files or the directory lock
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

    private void afterOpen(Recovery.State r) {
        if (r.log().tailCut() != null) {
            LOG.warn("{}: log ends in a torn or stale tail at {}; cut", state.dir(), r.log().tailCut());
        }
        if (log != null) {
            if (r.log().recordsApplied() > 0) {
                checkpointer.run(false); // the replayed commits now live in the data file; old segments become spares
            }
            background.start();
        }
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

    /** For tests of this package: the shared state. */
    EngineState state() {
        return state;
    }

    /** @throws ClosedException after close */
    public void checkOpen() {
        state.checkOpen();
    }

    private void checkWritable() {
        checkOpen();
        if (config.readOnly()) {
            throw new WritesStoppedException("database " + state.dir() + " was opened read-only");
        }
        Throwable f = state.failure();
        if (f != null) {
            throw new WritesStoppedException("database " + state.dir() + " stopped accepting writes after an I/O failure; reopen it to recover", f);
        }
    }

    // ---- reads ----

    /**
     * Unforced log bytes from which the background forces the log without the commit lock: a
     * quarter of a segment, at most 1 MiB, so a roll's force under the lock finds little left
     * (no-fsync 4 KiB puts, 100K into a new database, 4 rounds: about 30K/s without it, 35-41K/s
     * with 256 KiB to 4 MiB; the differences among those were within this machine's noise).
     */
    static long writeBehindBytes(Config config) {
        return Math.min(1L << 20, config.walSegmentSize() / 4);
    }

    /** The published version, registered in a reader slot; see {@link ReaderTable} for the protocol. */
    private record Registered(Version version, int slot) {}

    private Registered acquire() {
        return acquire(false);
    }

    /** @param internal the engine's own reader (not counted in {@code stats().openReaders()}) */
    private Registered acquire(boolean internal) {
        Version v = state.published();
        int slot = readers.claim(v.seq(), internal);
        while (true) {
            Version again = state.published();
            if (again == v) {
                return new Registered(v, slot);
            }
            v = again;
            readers.update(slot, v.seq());
        }
    }

    public byte[] get(byte[] key) {
        checkOpen();
        Registered r = acquire();
        try {
            return read(r.version(), key);
        } finally {
            readers.release(r.slot());
        }
    }

    byte[] read(Version v, byte[] key) {
        StoredValue value = tree.get(v.root(), key);
        return value == null ? null : store.readValue(value);
    }

    /** For tests of this package: the collector. */
    ValueCollector collector() {
        return collector;
    }

    StoredValue stored(Version v, byte[] key) {
        return tree.get(v.root(), key);
    }

    /** A transaction is about to take its snapshot (counted until it is closed; see {@code CommitPipeline.recordOrForget}). */
    void transactionOpened() {
        if (pipeline != null) { // a read-only engine has none, and its transactions cannot commit
            pipeline.transactionOpened();
        }
    }

    void transactionClosed() {
        if (pipeline != null) {
            pipeline.transactionClosed();
        }
    }

    public ReadView openView() {
        checkOpen();
        Registered r = acquire();
        return new View(this, r.version(), readers, r.slot());
    }

    /** A view for the value collector: holds its version back like any reader, not counted as one. */
    private View internalView() {
        checkOpen();
        Registered r = acquire(true);
        return new View(this, r.version(), readers, r.slot());
    }

    // ---- commits ----

    /**
     * Commits {@code ops} atomically as one log record, after checking {@code validation}
     * (null: a plain write, never rejected) in the commit pipeline.
     *
     * @return the commit's sequence number
     * @throws CommitConflictException when validation rejects it (nothing applied)
     */
    public long commit(List<Op> ops, SyncMode durability, Validation validation) {
        checkWritable();
        return writer.commit(ops, durability, validation);
    }

    public void checkpoint() {
        checkWritable();
        checkpointer.run(false);
    }

    /**
     * Collects every log segment whose live values fill less than {@link
     * ValueCollector#MAX_LIVE_FRACTION} of it (the background does one per round), then
     * checkpoints, which releases them once no reader needs them.
     *
     * @return bytes of values rewritten
     */
    public long collectValues() {
        checkWritable();
        long total = 0;
        for (long n; (n = collector.collectOne()) > 0; ) {
            total += n;
        }
        checkpointer.run(false);
        return total;
    }

    /**
     * Forces the log written so far without holding the commit lock, as the background does
     * behind no-fsync writers; for the crash-state explorer, which needs it at a chosen point.
     */
    public void writeBehind() {
        checkWritable();
        pipeline.writeBehind();
    }

    // ---- stats and close ----

    public EngineStats stats() {
        checkOpen();
        Version v = state.published();
        PageStore.CacheCounters c = store.cacheCounters();
        boolean writable = log != null;
        return new EngineStats(v.seq(), writable ? log.durableSeq() : v.seq(), state.durable().sequence(), store.pageSize(), v.height(),
                store.fileSize(), store.freeBytes(), writable ? checkpointer.logBytesSinceCheckpoint() : 0, c.pages(), c.bytes(),
                c.hits(), c.misses(), writable ? pipeline.commits() : 0, writable ? pipeline.logSyncs() : 0,
                writable ? checkpointer.count() : 0, readers.active(), store.loggedValueBytes(), writable ? log.valueSegments().size() : 0);
    }

    /** Checkpoints (unless writes failed or read-only), then releases files and the lock. */
    @Override
    public void close() {
        if (!state.beginClose()) {
            return; // closed, or being closed by another thread
        }
        RuntimeException error = null;
        if (pipeline != null) {
            background.stop();
            // From here the pipeline refuses new groups (ClosedException); waiting for the
            // lock waits for the group in flight. The final checkpoint then covers every commit
            // that was acknowledged, ASYNC and NONE ones included: nothing follows it in the log.
            pipeline.lock();
            pipeline.unlock();
            if (state.failure() == null) {
                try {
                    checkpointer.run(true);
                } catch (RuntimeException e) {
                    error = e;
                }
            } else {
                error = new WritesStoppedException("database " + state.dir() + " closed after an I/O failure; reopen it to recover",
                        state.failure());
            }
        }
        release();
        if (error != null) {
            throw error;
        }
    }

    /** Marks the engine closed and releases the log, the data file, the cache and the lock. */
    private void release() {
        state.markClosed();
        if (log != null) {
            closeQuietly(log);
        }
        closeQuietly(store);
        closeQuietly(dirLock);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error while closing: {}", e.toString());
        }
    }
}
