package org.aetherdb;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import org.aetherdb.check.Offline;
import org.aetherdb.check.VerifyResult;
import org.aetherdb.engine.Args;
import org.aetherdb.engine.Engine;
import org.aetherdb.engine.EngineStats;
import org.aetherdb.engine.ReadView;
import org.aetherdb.engine.SyncMode;
import org.aetherdb.engine.TransactionState;
import org.aetherdb.engine.ViewCursor;
import org.aetherdb.error.EngineException;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Op;
import org.aetherdb.txn.Isolation;

/**
 * An open AetherDB database: an ordered map from byte-array keys to byte-array values, stored in
 * one directory, durable across crashes, with snapshots, ordered cursors and atomic
 * transactions.
 *
 * <pre>{@code
 * try (AetherDB db = AetherDB.open(Path.of("orders-db"))) {
 *     db.put(key, value);                 // durable when it returns (Durability.SYNC)
 *     byte[] v = db.get(key);
 *     try (Cursor c = db.newCursor()) {
 *         for (c.seek(prefix); c.isValid(); c.next()) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Keys and values.</b> Keys are 1 byte to {@link #maxKeySize()} bytes (2 KiB with the
 * default page size), ordered by unsigned lexicographic byte order; values are 0 bytes to
 * {@link Options#MAX_VALUE_SIZE}. The arrays passed in are copied or written before the call
 * returns; arrays returned are the caller's.
 *
 * <p><b>Concurrency.</b> One instance is safe to use from many threads. Reads never block and are
 * never blocked by writes; concurrent writes share log writes and fsyncs (group commit). Only one
 * instance may have a directory open at a time, in any process.
 *
 * <p><b>Errors.</b> Every method throws {@link DatabaseClosedException} after {@link #close()},
 * {@link CorruptionException} when stored bytes it needs fail validation,
 * {@link NullPointerException} for a null key or value and {@link IllegalArgumentException} for an
 * empty or over-long key or an over-long value. Writing methods throw {@link ReadOnlyException}
 * on a read-only instance or after an I/O failure made the on-disk state unknown, and
 * {@link StorageException} when the I/O failure happens during the call (the write is then not
 * acknowledged and may or may not be present after reopening).
 *
 * <p><b>The boundary.</b> This class and the package-private adapters beside it ({@code ApiCursor},
 * {@code ApiSnapshot}, {@code ApiTransaction}) are the only code that sees both the public types and
 * the engine's: each public method checks its arguments, calls the engine and translates the
 * engine's errors ({@code Errors}). No internal package imports this package.
 */
public final class AetherDB implements AutoCloseable {
    private final Engine engine;
    private final Options options;
    private final SyncMode durability;

    private AetherDB(Engine engine, Options options) {
        this.engine = engine;
        this.options = options;
        this.durability = switch (options.durability()) {
            case SYNC -> SyncMode.SYNC;
            case ASYNC -> SyncMode.ASYNC;
            case NONE -> SyncMode.NONE;
        };
    }

    /**
     * Opens (or creates) the database in {@code dir} with default options.
     *
     * @throws DatabaseLockedException      when another instance has it open
     * @throws CorruptionException          when recovery finds damage it must not cut away
     * @throws IncompatibleFormatException  when the directory holds something this version cannot read
     * @throws StorageException             on an I/O error
     */
    public static AetherDB open(Path dir) {
        return open(dir, Options.defaults());
    }

    /**
     * Opens (or, with {@code createIfMissing}, creates) the database in {@code dir}, recovering
     * from the last checkpoint and the log when the previous owner did not close it.
     *
     * @throws DatabaseLockedException      when another instance has it open
     * @throws CorruptionException          when recovery finds damage it must not cut away
     * @throws IncompatibleFormatException  when the directory holds something this version cannot
     *                                      read, or no database and {@code createIfMissing(false)}
     * @throws StorageException             on an I/O error
     */
    public static AetherDB open(Path dir, Options options) {
        return open(dir, options, org.aetherdb.engine.Environment.REAL);
    }

    /** Internal seam for the deterministic simulation: opens with a simulated clock and scheduler. */
    static AetherDB open(Path dir, Options options, org.aetherdb.engine.Environment env) {
        java.util.Objects.requireNonNull(dir, "dir must not be null");
        java.util.Objects.requireNonNull(options, "options must not be null");
        Engine engine;
        try {
            engine = Engine.open(dir, options.toConfig(), env);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
        return new AetherDB(engine, options.pageSizeExplicit() ? options : options.toBuilder().pageSize(engine.pageSize()).build());
    }

    /**
     * Checks every checksum and structural invariant of the closed database in {@code dir}
     * without changing it.
     *
     * @throws DatabaseLockedException when the database is open
     * @throws StorageException        when the files cannot be read at all
     */
    public static VerifyReport verify(Path dir) {
        return verify(dir, Options.defaults(), done -> { });
    }

    /**
     * Like {@link #verify(Path)}, with the file-system layer of {@code options} and a progress
     * callback that receives the number of pages checked so far.
     */
    public static VerifyReport verify(Path dir, Options options, LongConsumer progress) {
        VerifyResult r;
        try {
            r = Offline.verify(options.fileIO(), dir, progress);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
        return new VerifyReport(r.problems(), r.pagesChecked(), r.entriesChecked(), r.logRecordsChecked());
    }

    /**
     * Writes a page-level description of the closed database in {@code dir} to {@code out}, for
     * debugging: both superblock slots, every reachable page (address, kind, level, entry count,
     * key range), the free list and the log segments with their records. Changes nothing.
     *
     * @throws DatabaseLockedException when the database is open
     * @throws CorruptionException     when a structure needed to continue fails validation
     */
    public static void dump(Path dir, Options options, java.io.PrintStream out) {
        try {
            Offline.dump(options.fileIO(), dir, out);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** The longest key accepted, in bytes (an eighth of the page size). */
    public int maxKeySize() {
        return engine.maxKeySize();
    }

    /** The options in effect (page size as stored in the database). */
    public Options options() {
        return options;
    }

    /** The value stored under {@code key}, or null when there is none. */
    public byte[] get(byte[] key) {
        Args.key(key);
        try {
            return engine.get(key);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    public void put(byte[] key, byte[] value) {
        checkKey(key);
        Args.valueLimits(value);
        commit(List.of(Op.put(key, value)));
    }

    /** Removes {@code key}; removing an absent key is not an error. */
    public void delete(byte[] key) {
        checkKey(key);
        commit(List.of(Op.delete(key)));
    }

    /** Applies every operation of {@code batch} atomically, as one commit. An empty batch does nothing. */
    public void write(WriteBatch batch) {
        java.util.Objects.requireNonNull(batch, "batch must not be null");
        if (batch.isEmpty()) {
            try {
                engine.checkOpen();
            } catch (EngineException e) {
                throw Errors.api(e);
            }
            return;
        }
        for (Op op : batch.ops()) {
            checkKey(op.key());
            if (op.value() instanceof Inline(byte[] value)) {
                Args.valueLimits(value);
            }
        }
        commit(batch.ops());
    }

    private void commit(List<Op> ops) {
        try {
            engine.commit(ops, durability, null);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** A consistent view of the database as of now; close it when done. */
    public Snapshot snapshot() {
        try {
            return new ApiSnapshot(engine.openView());
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** A cursor over the database as of now; close it when done. */
    public Cursor newCursor() {
        try {
            ReadView view = engine.openView();
            return new ApiCursor(new ViewCursor(view.cursor(), view, true));
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** Starts a {@link IsolationLevel#SERIALIZABLE} transaction on a snapshot of now; see {@link Transaction}. */
    public Transaction begin() {
        return begin(IsolationLevel.SERIALIZABLE);
    }

    /** Starts a transaction at the given isolation level on a snapshot of now. */
    public Transaction begin(IsolationLevel level) {
        java.util.Objects.requireNonNull(level, "level must not be null");
        Isolation isolation = switch (level) {
            case SERIALIZABLE -> Isolation.SERIALIZABLE;
            case SNAPSHOT -> Isolation.SNAPSHOT;
        };
        try {
            return new ApiTransaction(new TransactionState(engine, durability, isolation), level);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** Attempts {@link #runInTransaction(IsolationLevel, int, java.util.function.Function)} makes by default. */
    public static final int DEFAULT_TRANSACTION_ATTEMPTS = 10;

    /**
     * Runs {@code body} in a SERIALIZABLE transaction and commits it, retrying from the start on
     * a {@link ConflictException}; see {@link #runInTransaction(IsolationLevel, int, java.util.function.Function)}.
     */
    public <T> T runInTransaction(java.util.function.Function<Transaction, T> body) {
        return runInTransaction(IsolationLevel.SERIALIZABLE, DEFAULT_TRANSACTION_ATTEMPTS, body);
    }

    /**
     * Runs {@code body} in a new transaction and commits it; on a {@link ConflictException} waits
     * a short randomised, exponentially growing time (0.1 ms doubling up to 50 ms) and runs
     * {@code body} again on a fresh snapshot, at most {@code maxAttempts} times in all. The body
     * must have no effects outside the transaction (it may run several times). If the body
     * returns without committing, the helper commits; if it throws, the transaction is rolled
     * back and the exception propagates.
     *
     * @return what the successful attempt's body returned
     * @throws ConflictException the last conflict, when every attempt conflicted
     * @throws IllegalArgumentException when {@code maxAttempts < 1}
     */
    public <T> T runInTransaction(IsolationLevel level, int maxAttempts, java.util.function.Function<Transaction, T> body) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        java.util.Objects.requireNonNull(body, "body must not be null");
        ConflictException last = null;
        long backoffMicros = 100;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (Transaction tx = begin(level)) {
                T result = body.apply(tx);
                if (((ApiTransaction) tx).active()) {
                    tx.commit();
                }
                return result;
            } catch (ConflictException e) {
                last = e;
                if (attempt < maxAttempts) {
                    long sleep = java.util.concurrent.ThreadLocalRandom.current().nextLong(backoffMicros + 1);
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep * 1000);
                    backoffMicros = Math.min(backoffMicros * 2, 50_000);
                }
            }
        }
        throw last;
    }

    /**
     * Writes every change so far to the data file and makes it the recovery starting point, so
     * the log before it can be reused. Returns when durable.
     */
    public void checkpoint() {
        try {
            engine.checkpoint();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /**
     * Returns the disk space of mostly dead log segments now: rewrites the live values of every
     * log segment whose live values fill less than two thirds of it, then checkpoints, which
     * releases those segments once no open snapshot, cursor or transaction can read them. The
     * background does the same incrementally as commits go on (docs/VALUE-LOG.md); this call is
     * for a caller that wants the space back at once, e.g. after a bulk overwrite. The rewrites are
     * commits of their own: they change no value, but each takes a sequence number.
     *
     * @return bytes of values rewritten
     */
    public long compact() {
        try {
            return engine.collectValues();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** The log's write-behind force, at a chosen point (tests: {@code SimAccess}). */
    void writeBehind() {
        try {
            engine.writeBehind();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    /** Current counters. */
    public Stats stats() {
        EngineStats s;
        try {
            s = engine.stats();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
        return new Stats(s.sequence(), s.durableSequence(), s.checkpointSequence(), s.pageSize(), s.treeHeight(), s.dataFileBytes(),
                s.freeBytes(), s.walBytes(), s.cachedPages(), s.cacheBytes(), s.cacheHits(), s.cacheMisses(), s.commits(),
                s.logSyncs(), s.checkpoints(), s.openReaders(), s.logValueBytes(), s.valueSegments());
    }

    /**
     * Checkpoints, releases the directory and every resource. Snapshots, cursors and transactions
     * still open become unusable. A commit racing with close either completes before the final
     * checkpoint (and is then in it, whatever its durability) or fails with
     * {@link DatabaseClosedException}. Idempotent; a concurrent second call returns at once.
     *
     * @throws ReadOnlyException when an earlier I/O failure stopped writes (no final checkpoint;
     *                           everything is still released, and reopening recovers)
     * @throws StorageException  when the final checkpoint fails (everything is still released)
     */
    @Override
    public void close() {
        try {
            engine.close();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    void checkKey(byte[] key) {
        Args.keyLimits(key, engine.maxKeySize());
    }

}
