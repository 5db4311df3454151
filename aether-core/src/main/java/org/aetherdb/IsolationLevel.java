package org.aetherdb;

/**
 * How much a {@link Transaction} is protected from concurrent ones. See docs/TRANSACTIONS.md.
 */
public enum IsolationLevel {
    /**
     * Every committed history is equivalent to running the committed transactions one at a time
     * in commit order (read-only transactions at their snapshot). A transaction fails at commit
     * with {@link ConflictException} if a transaction that committed after its snapshot wrote a key
     * it read (including a read that found nothing) or a key inside a range one of its cursors
     * covered. Blind writes never conflict; read-only transactions never fail. The default.
     */
    SERIALIZABLE,
    /**
     * Snapshot isolation: reads see the snapshot; a transaction fails at commit only if a
     * transaction that committed after its snapshot wrote a key it also writes (first committer
     * wins). Cheaper to validate, but admits write skew: two transactions that each read what the
     * other writes may both commit.
     */
    SNAPSHOT
}
