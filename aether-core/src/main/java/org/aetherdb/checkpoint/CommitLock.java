package org.aetherdb.checkpoint;

/**
 * The commit pipeline's lock as the checkpointer sees it: while held, no commit group runs, so
 * the published version, the allocator and the log stand still.
 */
public interface CommitLock {
    void lock();

    void unlock();
}
