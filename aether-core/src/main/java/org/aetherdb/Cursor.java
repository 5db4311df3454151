package org.aetherdb;

/**
 * An ordered iterator over a consistent view, in the style of RocksDB's iterator. Keys are in
 * unsigned lexicographic byte order. A cursor from {@link AetherDB#newCursor()} sees the database
 * as of its creation; one from a {@link Snapshot} or {@link Transaction} sees that view.
 *
 * <p>A new cursor is not positioned ({@link #isValid()} is false) until a seek. Not thread-safe.
 * Every method throws {@link DatabaseClosedException} after {@link #close()} or after the
 * database, snapshot or transaction it came from was closed, and {@link CorruptionException}
 * when a page it reads fails validation. {@link #key()} and {@link #value()} throw
 * {@link IllegalStateException} when the cursor is not valid.
 */
public interface Cursor extends AutoCloseable {
    /** Positions at the first entry (invalid when the view is empty). */
    void seekToFirst();

    /** Positions at the last entry (invalid when the view is empty). */
    void seekToLast();

    /** Positions at the first entry whose key is {@code >= key}. */
    void seek(byte[] key);

    /** Positions at the last entry whose key is {@code <= key}. */
    void seekForPrev(byte[] key);

    /** True when positioned at an entry. */
    boolean isValid();

    /** Moves to the next entry; becomes invalid after the last one. */
    void next();

    /** Moves to the previous entry; becomes invalid before the first one. */
    void prev();

    /** The current key (a copy the caller owns). */
    byte[] key();

    /** The current value (a copy the caller owns). */
    byte[] value();

    /** Releases the view the cursor holds. Idempotent. */
    @Override
    void close();
}
