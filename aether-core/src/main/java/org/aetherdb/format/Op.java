package org.aetherdb.format;

/**
 * One write of a commit, from the API through the commit pipeline into the log and the tree: a
 * put ({@link StoredValue}) or a delete ({@link Tombstone}). From the API a put carries its bytes
 * ({@link Inline}); the engine writes a value too large for a leaf out of line first and logs an
 * {@code Op} with the {@link OutOfLine} reference instead. The arrays belong to the caller until
 * the commit call returns; the engine copies what it keeps.
 */
public record Op(byte[] key, Value value) {
    public static Op put(byte[] key, byte[] value) {
        return new Op(key, new Inline(value));
    }

    public static Op delete(byte[] key) {
        return new Op(key, Tombstone.INSTANCE);
    }
}
