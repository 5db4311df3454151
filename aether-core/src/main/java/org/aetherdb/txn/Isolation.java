package org.aetherdb.txn;

/**
 * What a transaction's commit is validated for (the API's {@code IsolationLevel}, translated):
 * {@link #SERIALIZABLE} checks what it read against later commits, {@link #SNAPSHOT} only the keys
 * it writes (first committer wins). TRANSACTIONS.md states both rules.
 */
public enum Isolation {
    SERIALIZABLE,
    SNAPSHOT
}
