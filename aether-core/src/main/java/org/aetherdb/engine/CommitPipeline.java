package org.aetherdb.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.aetherdb.error.CommitConflictException;
import org.aetherdb.error.ClosedException;
import org.aetherdb.error.WritesStoppedException;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.CowTree;
import org.aetherdb.checkpoint.CommitLock;
import org.aetherdb.format.BlobFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.page.PageStore;
import org.aetherdb.page.ReaderTable;
import org.aetherdb.state.EngineState;
import org.aetherdb.state.Version;
import org.aetherdb.txn.ConflictIndex;
import org.aetherdb.wal.LogWriter;

/**
 * The single commit pipeline: leader-based group commit (no writer-thread hand-off, whose round trip caps writes). Committers queue a
 * request; whoever gets the commit lock leads a group: validates each transaction against the
 * {@link ConflictIndex}, applies the accepted ones to a new tree version, appends one log record
 * each, forces once if any asked for SYNC, publishes the version, and completes the requests.
 *
 * <p>Invariants: (1) a version is published only after its records are written, and forced for
 * SYNC; (2) sequence numbers are consecutive across published versions and equal the log's
 * record numbers (a rejected transaction takes none); (3) out-of-line values are forced before
 * any log force that makes a record pointing at them durable; (4) after a failure in a group,
 * nothing of it is published and the engine accepts no more writes; (5) a request's record is
 * appended before its operations are applied, so a value the tree refers to in the log is in a
 * record of the same or an earlier version (and, by (1), written before anyone can read it);
 * (6) a collector's rewrite applies only the operations whose key still holds the reference it
 * was read from, checked against the tree being built, so it never changes what a key maps to; a
 * background rewrite rides at the start of the record of a group's first accepted commit (no
 * sequence number of its own; no conflict keys, as no value changes).
 */
final class CommitPipeline implements CommitLock {
    /** Keys of recent commits kept for validation before the oldest are forgotten. */
    static final long CONFLICT_KEYS = 1_000_000;
    /** Write-set keys held from which a group tries to forget commits no open transaction needs. */
    private static final int CONFLICT_PRUNE_THRESHOLD = 4096;

    private final EngineState state;
    private final PageStore store;
    private final CowTree tree;
    private final LogWriter log;
    private final ReaderTable readers;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<CommitRequest> queue = new ConcurrentLinkedQueue<>();
    /** Recent write sets for transaction validation; used under the lock only. */
    private final ConflictIndex conflicts;
    /** The collector's batch waiting for a client commit to carry it (null: none). */
    private final AtomicReference<RewriteBatch> pendingRewrite = new AtomicReference<>();
    private volatile Runnable rewriteCarried = () -> { };
    /** Unforced log bytes from which the background is asked to {@link #writeBehind}. */
    private final long writeBehindBytes;
    private volatile Runnable logBehind = () -> { };
    /** ASYNC commits written but not yet forced: the background thread forces them within the delay. */
    private volatile boolean asyncPending;
    private volatile long commits;
    /** Transactions begun and not yet closed: counted before each takes its snapshot. */
    private final java.util.concurrent.atomic.AtomicInteger openTransactions = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long logSyncs;

    /**
     * @param writeBehindBytes unforced log bytes from which the background forces the log
     *                         without the lock ({@link #onLogBehind})
     */
    CommitPipeline(EngineState state, PageStore store, CowTree tree, LogWriter log, ReaderTable readers, long startSeq,
                   long writeBehindBytes) {
        this.writeBehindBytes = writeBehindBytes;
        this.state = state;
        this.store = store;
        this.tree = tree;
        this.log = log;
        this.readers = readers;
        this.conflicts = new ConflictIndex(CONFLICT_KEYS, startSeq);
    }

    /** Commits {@code req} (or has it rejected); returns its sequence number. */
    long submit(CommitRequest req) {
        queue.add(req);
        awaitOrLead(req);
        if (req.error != null) {
            throw req.error;
        }
        return req.seq;
    }

    /**
     * Hands the collector's {@code batch} to the next group with an accepted commit, which puts
     * it at the start of that commit's record (see {@link RewriteBatch}).
     *
     * @return false when another batch is still waiting
     */
    boolean offer(RewriteBatch batch) {
        return pendingRewrite.compareAndSet(null, batch);
    }

    /** Runs after a group carried a rewrite batch (under the commit lock: it must not block): the collector may offer the next. */
    void onRewriteCarried(Runnable action) {
        this.rewriteCarried = action;
    }

    /**
     * Runs (under the commit lock: it must not block) when a group leaves at least the
     * write-behind bytes of log unforced: the background may then {@link #writeBehind}.
     */
    void onLogBehind(Runnable action) {
        this.logBehind = action;
    }

    /**
     * Background: forces the log written so far without holding the commit lock, writers going
     * on meanwhile, so that the force a segment roll or a checkpoint makes under the lock finds
     * little left to write (without it, a roll on the writer's thread forced a whole segment of
     * 4 KiB values: half of a no-fsync writer's time). Makes nothing durable that any mode
     * promises later; it only moves the device writes off the writer's path.
     */
    void writeBehind() {
        if (state.closed() || state.failure() != null) {
            return;
        }
        LogWriter.PendingForce pending;
        lock.lock();
        try {
            if (state.failure() != null || state.closed()) {
                return;
            }
            pending = log.prepareForce();
        } catch (IOException | RuntimeException e) {
            state.fail(e);
            return;
        } finally {
            unlock();
        }
        if (pending == null) {
            return;
        }
        try {
            store.forceValues(); // out-of-line values before the records that point at them
            log.force(pending);
        } catch (IOException | RuntimeException e) {
            state.fail(e); // what the OS did with the unforced pages is unknown: stop, as a failed sync does
        }
    }

    /** Takes the commit lock for work outside a group (checkpoint, ASYNC sync); release with {@link #unlock()}. */
    @Override
    public void lock() {
        lock.lock();
    }

    long commits() {
        return commits;
    }

    long logSyncs() {
        return logSyncs;
    }

    /**
     * Waits until {@code req} is committed, leading a group whenever no one else is. Followers
     * park on their own request and are unparked by the leader that completes it, so a group
     * forms from everything that queued while the previous leader was writing and syncing.
     *
     * <p>No lost wake-up: a request is queued before its thread tries the lock; a leader, after
     * releasing the lock, unparks the thread of the oldest queued request, so whoever failed to
     * get the lock while it led is either completed by it or woken to lead. Interrupts do not end
     * the wait (a commit in flight must finish, interrupted or not); the flag is restored afterwards.
     */
    private void awaitOrLead(CommitRequest req) {
        boolean interrupted = false;
        while (!req.done) {
            if (lock.tryLock()) {
                try {
                    if (!req.done) {
                        runGroup();
                    }
                } finally {
                    unlock();
                }
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every holder of the commit lock (leader, checkpoint, ASYNC sync) releases it here: a
     * committer that found the lock taken is parked, and the oldest queued one is woken to lead.
     */
    @Override
    public void unlock() {
        lock.unlock();
        CommitRequest next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.waiter);
        }
    }

    /** Runs by the leader, under the commit lock: commits every queued request as one group. */
    private void runGroup() {
        List<CommitRequest> group = new ArrayList<>();
        for (CommitRequest r; (r = queue.poll()) != null; ) {
            group.add(r);
        }
        if (group.isEmpty()) {
            return;
        }
        Throwable f = state.failure();
        if (f != null || state.closing()) {
            RuntimeException e = f == null ? new ClosedException("database " + state.dir() + " is closed")
                    : new WritesStoppedException("database stopped accepting writes after an I/O failure", f);
            finish(group, e);
            return;
        }
        Version v = state.published();
        ChildRef root = v.root();
        long seq = v.seq();
        boolean sync = false;
        boolean async = false;
        List<CommitRequest> accepted = new ArrayList<>(group.size());
        RewriteBatch carried = null;
        int height;
        // A transaction in the group is validated against the commits before it in the group:
        // record as they are accepted. Otherwise decide once published (recordOrForget).
        boolean validating = false;
        for (CommitRequest r : group) {
            validating |= r.validation != null;
        }
        List<byte[][]> unrecorded = validating ? List.of() : new ArrayList<>(group.size());
        long firstSeq = seq + 1;
        try {
            for (CommitRequest r : group) {
                List<Op> ops = r.ops;
                byte[][] keys;
                if (r.expected != null) {
                    ops = stillReferenced(root, r);
                    if (ops.isEmpty()) {
                        r.seq = seq; // nothing left to rewrite: no record, no sequence number
                        continue;
                    }
                    keys = NO_KEYS; // a rewrite changes no value: no transaction conflicts with it
                } else {
                    keys = r.keys();
                }
                String conflict = r.validation == null ? null : conflicts.conflict(r.validation, Arrays.asList(keys));
                if (conflict != null) {
                    r.error = new CommitConflictException(conflict);
                    releaseValues(r);
                    continue;
                }
                seq++;
                r.seq = seq;
                store.beginVersion(seq);
                if (carried == null && pendingRewrite.get() != null && (carried = pendingRewrite.getAndSet(null)) != null) {
                    ops = withRewrites(root, carried, ops); // before the commit's own operations, which may overwrite them
                }
                if (r.hasBlobs) {
                    // Before the append: a log force running without the lock forces them first (LogWriter.prepareForce);
                    // else syncLocked and LogWriter's hook at a segment roll do.
                    store.valuesWritten();
                }
                // The record first: the values it holds for the tree are referenced where it puts them.
                for (Op op : log.append(seq, ops).ops()) {
                    root = tree.apply(root, op);
                }
                if (validating) {
                    conflicts.record(seq, keys);
                } else {
                    unrecorded.add(keys);
                }
                sync |= r.durability == SyncMode.SYNC;
                async |= r.durability == SyncMode.ASYNC;
                accepted.add(r);
            }
            if (sync) {
                syncLocked(); // also makes earlier ASYNC commits durable
            } else {
                log.flush();
                asyncPending |= async;
                if (log.unforcedBytes() >= writeBehindBytes) {
                    logBehind.run();
                }
            }
            // Inside the try: an unchanged root may have to be read back from the file to measure it.
            height = root == v.root() ? v.height() : tree.height(root);
        } catch (Throwable t) {
            store.endGroup(false);
            state.fail(t);
            if (carried != null) {
                carried.done = true;
            }
            // Every request not already rejected by validation fails: nothing of the group is published.
            finish(group, new EngineIoException("commit failed, the database stopped accepting writes: " + t.getMessage(), t));
            return;
        }
        state.publish(new Version(root, seq, height));
        store.endGroup(true);
        if (carried != null) {
            carried.done = true;
            rewriteCarried.run();
        }
        commits += accepted.size();
        recordOrForget(unrecorded, firstSeq, seq);
        if (conflicts.heldKeys() > CONFLICT_PRUNE_THRESHOLD) {
            conflicts.prune(Math.min(readers.minSequence(), seq));
        }
        finish(group, null);
    }

    private static final byte[][] NO_KEYS = new byte[0][];

    void transactionOpened() {
        openTransactions.incrementAndGet();
    }

    void transactionClosed() {
        openTransactions.decrementAndGet();
    }

    /**
     * After publishing commits {@code firstSeq..lastSeq} of a group without transactions: their
     * keys go into the conflict index only if a transaction is open; else none can ever need
     * them, and the index forgets everything up to {@code lastSeq} (recording and pruning every
     * plain commit cost a fifth of a no-fsync writer's CPU). Only transactions validate. Why none
     * is missed: a transaction is counted before it takes its snapshot (a registered view: claim
     * a slot, then read the published version, {@code Engine.acquire}), and this check runs after
     * the publish; one counted too late for it began after the publish, so its snapshot is
     * {@code lastSeq} or newer and needs none of these commits. (Not a scan of the reader slots:
     * that costs 512 reads per group, which Lincheck's model check also took for a livelock.)
     */
    private void recordOrForget(List<byte[][]> unrecorded, long firstSeq, long lastSeq) {
        if (unrecorded.isEmpty()) {
            return;
        }
        if (openTransactions.get() > 0) {
            for (int i = 0; i < unrecorded.size(); i++) {
                conflicts.record(firstSeq + i, unrecorded.get(i));
            }
        } else {
            conflicts.forgetUpTo(lastSeq);
        }
    }

    /** The operations of rewrite {@code r} whose key still holds the expected reference in {@code root}. */
    private List<Op> stillReferenced(ChildRef root, CommitRequest r) {
        return stillReferenced(root, r.ops, r.expected, new ArrayList<>(r.ops.size()));
    }

    /** {@code batch}'s operations whose key still holds the expected reference in {@code root}, then {@code own}. */
    private List<Op> withRewrites(ChildRef root, RewriteBatch batch, List<Op> own) {
        List<Op> out = stillReferenced(root, batch.ops, batch.expected, new ArrayList<>(batch.ops.size() + own.size()));
        out.addAll(own);
        return out;
    }

    private List<Op> stillReferenced(ChildRef root, List<Op> ops, List<Logged> expected, List<Op> out) {
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (expected.get(i).equals(tree.get(root, op.key()))) {
                out.add(op);
            }
        }
        return out;
    }

    /** A rejected commit's out-of-line values were written but are referenced by nothing. */
    private void releaseValues(CommitRequest r) {
        for (Op op : r.ops) {
            if (op.value() instanceof OutOfLine b) {
                store.free(b.address(), BlobFormat.extentBytes(b.length(), store.pageSize()));
            }
        }
    }

    /** Forces out-of-line values, then the log: values before the records that point at them. Under the commit lock. */
    private void syncLocked() throws IOException {
        store.forceValues();
        log.sync();
        logSyncs++;
        asyncPending = false;
    }

    /** Completes every request of the list; {@code error} (if not null) replaces none already set. */
    private static void finish(List<CommitRequest> group, RuntimeException error) {
        for (CommitRequest r : group) {
            if (r.error == null) {
                r.error = error;
            }
            r.done = true;
            if (r.waiter != Thread.currentThread()) {
                LockSupport.unpark(r.waiter);
            }
        }
    }

    /** Called by the background thread: forces ASYNC commits written but not yet durable. */
    void syncAsync() {
        if (!asyncPending || state.closed() || state.failure() != null) {
            return; // NONE commits are forced by checkpoints only
        }
        lock.lock();
        try {
            if (asyncPending && state.failure() == null && !state.closed()) {
                syncLocked();
            }
        } catch (IOException | RuntimeException e) {
            state.fail(e);
        } finally {
            unlock();
        }
    }
}
