package org.aetherdb.engine;

import org.aetherdb.btree.TreeCursor;

/**
 * A registered, immutable version of the tree. While open, no page it can reach is reused.
 * Thread-safe; {@link #close()} is idempotent.
 */
public interface ReadView extends AutoCloseable {
    /** The value of {@code key} in this version (an array the caller owns), or null. */
    byte[] get(byte[] key);

    /** A new cursor over this version. */
    TreeCursor cursor();

    /** Commit sequence number of this version. */
    long sequence();

    /** @throws org.aetherdb.error.ClosedException when this view or its database is closed */
    void checkOpen();

    @Override
    void close();
}
