package org.aetherdb;

/** When a commit becomes durable relative to the call that made it. */
public enum Durability {
    /** The commit is on stable storage (the log is fsynced) before the call returns. Default. */
    SYNC,
    /**
     * The commit is written to the log before the call returns and fsynced within the bounded
     * delay {@link Options#asyncSyncDelay()}; a crash may lose commits from that window, never a
     * part of one.
     */
    ASYNC,
    /**
     * The commit is written to the log (the operating system's page cache) but only fsynced at
     * the next checkpoint: a process crash loses nothing, a power loss may lose recent commits,
     * never a part of one.
     */
    NONE
}
