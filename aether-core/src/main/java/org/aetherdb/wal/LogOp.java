package org.aetherdb.wal;

/**
 * One operation of a logged commit: {@code value} is a {@code byte[]} (inline put), a
 * {@link org.aetherdb.btree.BlobRef} (out-of-line put, value already written to the data file) or
 * null (delete).
 */
public record LogOp(byte[] key, Object value) {}
