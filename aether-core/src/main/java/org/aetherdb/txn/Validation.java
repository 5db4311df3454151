package org.aetherdb.txn;

/**
 * What the commit pipeline checks before it applies a transaction: the snapshot it read, its
 * isolation level, what it read (SERIALIZABLE) and the keys it writes (SNAPSHOT).
 */
public record Validation(long snapshotSeq, Isolation level, ReadSet reads) {}
