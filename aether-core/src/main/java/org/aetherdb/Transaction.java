package org.aetherdb;

/**
 * A group of reads and writes that commits atomically. Reads see the snapshot taken at
 * {@link AetherDB#begin()} plus the transaction's own writes (cursors merge both, in key order,
 * both directions); writes are buffered until {@link #commit()}, which validates the transaction
 * against the commits made after its snapshot (see {@link IsolationLevel}) and applies all of its
 * writes as one log record, or none.
 *
 * <p><b>Threads.</b> Use a transaction from one thread at a time (it has no internal locking;
 * handing it between threads needs a happens-before edge, as for any unsynchronised object).
 * Any number of transactions may run concurrently; they never block each other or readers.
 *
 * <p><b>Lifetime.</b> After commit or rollback every method except {@link #close()} and the
 * sequence getters throws {@link IllegalStateException}; after the database is closed,
 * {@link DatabaseClosedException}. An open transaction holds its snapshot; a transaction so old
 * that the commits after its snapshot are no longer tracked fails at commit with a
 * {@link ConflictException} that says so.
 */
public interface Transaction extends AutoCloseable {
    /** The value of {@code key} in this transaction's view (own writes first), or null. */
    byte[] get(byte[] key);

    /** Buffers a put. */
    void put(byte[] key, byte[] value);

    /** Buffers a delete. */
    void delete(byte[] key);

    /**
     * A cursor over the snapshot merged with this transaction's buffered writes. It lives as long
     * as the transaction: after commit or rollback its methods throw {@link IllegalStateException}.
     */
    Cursor newCursor();

    /**
     * Applies every buffered write atomically with the database's durability.
     *
     * @throws ConflictException when validation rejects the transaction (nothing applied; the
     *                           message names the conflicting key or range); a read-only
     *                           transaction never fails
     * @throws StorageException  when the log could not be written or synced (nothing acknowledged)
     */
    void commit();

    /** Discards the buffered writes. */
    void rollback();

    /** The isolation level this transaction was started with. */
    IsolationLevel isolationLevel();

    /** Sequence number of the snapshot this transaction reads. */
    long snapshotSequence();

    /**
     * Sequence number of this transaction's commit in the serial order, or -1 when it has not
     * committed or committed no writes (a read-only transaction is ordered at its snapshot).
     */
    long commitSequence();

    /** Rolls back unless committed; releases the snapshot. Idempotent. */
    @Override
    void close();
}
