package org.aetherdb.checkpoint;

import java.io.IOException;
import java.util.List;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.error.WritesStoppedException;
import org.aetherdb.format.Extent;
import org.aetherdb.format.FreeListFormat;
import org.aetherdb.format.Superblock;
import org.aetherdb.format.ValueSegment;
import org.aetherdb.page.PageStore;
import org.aetherdb.page.ReaderTable;
import org.aetherdb.state.EngineState;
import org.aetherdb.state.Version;
import org.aetherdb.wal.LogWriter;

/**
 * The checkpoint procedure: makes a published version the recovery starting point, so the log
 * before it can be reused and the pages it no longer references can be freed.
 *
 * <p>Steps ({@link CheckpointWriter} does the I/O of each): under the commit lock, capture the
 * published version and start a checkpoint epoch in the page store; without it, write the
 * version's unwritten pages (commits go on meanwhile, copying on write); under it, reserve and
 * write the free list as of that version; without it, force the data file and write and force the
 * superblock; under it, free the previous free list's extent, reclaim pages no reader and no
 * durable checkpoint can reach, and release the log up to the version (keeping segments whose
 * values a readable version refers to). The free list also records the log segments whose values
 * the version refers to, captured with the version; the log is forced up to the version before
 * the superblock names it. One checkpoint at a time
 * (a monitor); any failure records an I/O failure in {@link EngineState}: no more writes.
 *
 * <p>Invariant: until the new superblock is forced, the previous checkpoint and everything it
 * references are intact (nothing it uses is allocated to this one), so a crash at any point
 * recovers from one of the two.
 */
public final class Checkpointer {
    private final EngineState state;
    private final PageStore store;
    private final LogWriter log;
    private final ReaderTable readers;
    private final CommitLock commitLock;
    private final CheckpointWriter writer;
    private final Object running = new Object();
    private volatile long logMarkOfLastCheckpoint;
    private volatile long count;

    public Checkpointer(EngineState state, PageStore store, LogWriter log, ReaderTable readers, CommitLock commitLock) {
        this.state = state;
        this.store = store;
        this.log = log;
        this.readers = readers;
        this.commitLock = commitLock;
        this.writer = new CheckpointWriter(store);
    }

    /** Whether the published version or freed pages are not yet in a durable checkpoint. */
    public boolean due() {
        return state.published().seq() != state.durable().sequence() || store.pendingCount() > 0;
    }

    /** Log bytes written since the version of the last checkpoint was captured. */
    public long logBytesSinceCheckpoint() {
        return log.bytesWritten() - logMarkOfLastCheckpoint;
    }

    /** Checkpoints completed since open. */
    public long count() {
        return count;
    }

    /**
     * Runs one checkpoint of the version published now; {@code clean} marks it as the last one
     * before a clean close (nothing follows it in the log).
     *
     * @throws WritesStoppedException after an earlier I/O failure
     * @throws EngineIoException      when this one fails (and writes stop)
     */
    public void run(boolean clean) {
        synchronized (running) {
            if (state.failure() != null) {
                throw new WritesStoppedException("no checkpoint after an I/O failure; reopen to recover", state.failure());
            }
            Version v;
            long logMark;
            List<ValueSegment> valueSegments;
            commitLock.lock();
            try {
                v = state.published();
                logMark = log.bytesWritten();
                valueSegments = log.values().liveSegments(); // as of v: every change to it is made under the lock
                store.beginCheckpoint();
            } finally {
                commitLock.unlock();
            }
            try {
                writer.writePages(v.root());
                Superblock prev = state.durable();
                Locked locked = writeFreeList(v, prev, valueSegments);
                CheckpointWriter.FreeListWritten fl = locked.freeList();
                if (locked.logForce() != null) { // without the lock: writers go on while the log is forced
                    store.forceValues(); // out-of-line values before the records that point at them
                    log.force(locked.logForce());
                }
                Superblock sb = new Superblock(store.pageSize(), clean ? Superblock.FLAG_CLEAN : 0, prev.generation() + 1, v.seq(),
                        v.root().address(), v.root().checksum(), v.height(), fl.address(), fl.length(), fl.checksum(), store.fileEnd());
                writer.commit(sb);
                state.durable(sb);
                logMarkOfLastCheckpoint = logMark;
                count++;
                release(v, prev);
            } catch (IOException | RuntimeException e) {
                state.fail(e);
                throw new EngineIoException("checkpoint failed, the database stopped accepting writes: " + e.getMessage(), e);
            }
        }
    }

    /** What the locked step of a checkpoint wrote, and the log force it left to run without the lock (null: none). */
    private record Locked(CheckpointWriter.FreeListWritten freeList, LogWriter.PendingForce logForce) {}

    /**
     * Under the commit lock: the free list and value segments as of {@code v}, in an extent
     * reserved for it; and the log force that makes the records up to {@code v} durable, which
     * hold values the tree of {@code v} refers to (NONE and ASYNC commits may not be durable yet),
     * for the caller to run without the lock before the superblock.
     */
    private Locked writeFreeList(Version v, Superblock prev, List<ValueSegment> valueSegments) throws IOException {
        commitLock.lock();
        try {
            LogWriter.PendingForce logForce = log.durableSeq() < v.seq() ? log.prepareForce() : null;
            store.endCheckpointWrites();
            long reserve = writer.freeListReserve(valueSegments.size());
            long address = store.allocate(reserve);
            // The previous free list's extent is unreferenced by the new superblock: free in its
            // free list (in memory it is reused only once that superblock is durable).
            Extent previous = prev.freeListAddress() == 0 ? null : new Extent(prev.freeListAddress(), prev.freeListBytes());
            return new Locked(writer.writeFreeList(address, reserve, new FreeListFormat.SpaceMap(store.freeListAt(v.seq(), previous), valueSegments)),
                    logForce);
        } finally {
            commitLock.unlock();
        }
    }

    /** Under the commit lock, once the new superblock is durable: what the old one kept from reuse. */
    private void release(Version v, Superblock prev) throws IOException {
        commitLock.lock();
        try {
            if (prev.freeListAddress() != 0) {
                store.free(prev.freeListAddress(), prev.freeListBytes()); // the whole extent
            }
            long oldestNeeded = Math.min(v.seq(), readers.minSequence());
            store.reclaim(oldestNeeded);
            log.releaseUpTo(v.seq(), oldestNeeded);
        } finally {
            commitLock.unlock();
        }
    }
}
