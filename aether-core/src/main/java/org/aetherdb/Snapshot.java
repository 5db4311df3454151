package org.aetherdb;

/**
 * A consistent, read-only view of the database as of one commit. Later commits do not change
 * what it shows. Holding a snapshot keeps the pages it reads from being reused, so close it when
 * done; a snapshot that is garbage-collected without being closed is reported in the log.
 * Thread-safe. Methods throw {@link DatabaseClosedException} after close.
 */
public interface Snapshot extends AutoCloseable {
    /** The value of {@code key} in this view, or null when absent. */
    byte[] get(byte[] key);

    /** A cursor over this view. */
    Cursor newCursor();

    /** The commit sequence number this view shows (every commit up to and including it). */
    long sequence();

    /** Releases the view. Idempotent. Cursors opened from it become unusable. */
    @Override
    void close();
}
