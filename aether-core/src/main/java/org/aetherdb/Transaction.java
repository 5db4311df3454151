package org.aetherdb;

/**
 * A group of reads and writes that commits atomically. Reads see the snapshot taken at
 * {@link AetherDB#begin()} plus the transaction's own writes; writes are buffered until
 * {@link #commit()}, which applies all of them as one log record or none.
 *
 * <p>Confined to one thread at a time (no internal locking). After commit or rollback every
 * method except {@link #close()} throws {@link IllegalStateException}; after the database is
 * closed, {@link DatabaseClosedException}.
 */
public interface Transaction extends AutoCloseable {
    /** The value of {@code key} in this transaction's view (own writes first), or null. */
    byte[] get(byte[] key);

    /** Buffers a put. */
    void put(byte[] key, byte[] value);

    /** Buffers a delete. */
    void delete(byte[] key);

    /** A cursor over the snapshot merged with this transaction's buffered writes. */
    Cursor newCursor();

    /**
     * Applies every buffered write atomically with the database's durability.
     *
     * @throws ConflictException when validation rejects the transaction (nothing applied)
     * @throws StorageException  when the log could not be written or synced (nothing acknowledged)
     */
    void commit();

    /** Discards the buffered writes. */
    void rollback();

    /** Rolls back unless committed; releases the snapshot. Idempotent. */
    @Override
    void close();
}
