package org.aetherdb.txn;

import static org.aetherdb.txn.TxnDb.b;
import static org.aetherdb.txn.TxnDb.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.DatabaseClosedException;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lifetime rules of {@link Transaction}: after commit or rollback every method except
 * close and the sequence getters throws IllegalStateException; close is idempotent and rolls
 * back; a closed database makes everything throw DatabaseClosedException; and a cursor of the
 * transaction never shows a state the transaction did not see, nor fails with an unchecked
 * exception of the implementation's own.
 */
class TransactionLifetimeTest {
    private AetherDB db;

    @BeforeEach
    void open() {
        db = TxnDb.openMem();
        db.put(b("a"), b("1"));
        db.put(b("c"), b("3"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit", "rollback"})
    void finishedTransactionsRefuseEverythingButCloseAndSequences(String end) {
        Transaction tx = db.begin();
        tx.put(b("b"), b("2"));
        tx.get(b("a"));
        if (end.equals("commit")) {
            tx.commit();
        } else {
            tx.rollback();
        }
        assertThrows(IllegalStateException.class, () -> tx.get(b("a")));
        assertThrows(IllegalStateException.class, () -> tx.put(b("x"), b("1")));
        assertThrows(IllegalStateException.class, () -> tx.delete(b("a")));
        assertThrows(IllegalStateException.class, tx::newCursor);
        assertThrows(IllegalStateException.class, tx::commit);
        assertThrows(IllegalStateException.class, tx::rollback);
        long snapshot = tx.snapshotSequence();
        long commit = tx.commitSequence();
        assertEquals(IsolationLevel.SERIALIZABLE, tx.isolationLevel());
        tx.close();
        tx.close();
        assertEquals(snapshot, tx.snapshotSequence());
        assertEquals(commit, tx.commitSequence());
        assertEquals(end.equals("commit"), db.get(b("b")) != null);
        assertEquals(end.equals("commit") ? snapshot + 1 : -1, commit);
    }

    @Test
    void closeRollsBack() {
        try (Transaction tx = db.begin()) {
            tx.put(b("b"), b("2"));
            tx.delete(b("a"));
        }
        assertNull(db.get(b("b")));
        assertEquals("1", s(db.get(b("a"))));
        Transaction tx = db.begin();
        tx.put(b("b"), b("2"));
        tx.close();
        assertThrows(IllegalStateException.class, tx::commit);
        assertNull(db.get(b("b")));
    }

    @Test
    void closingTheDatabaseEndsOpenTransactions() {
        Transaction tx = db.begin();
        tx.put(b("b"), b("2"));
        Cursor c = tx.newCursor();
        c.seekToFirst();
        db.close();
        assertThrows(DatabaseClosedException.class, () -> tx.get(b("a")));
        assertThrows(DatabaseClosedException.class, tx::commit);
        assertThrows(DatabaseClosedException.class, c::next);
        assertThrows(DatabaseClosedException.class, db::begin);
        tx.close();
        c.close();
        db = TxnDb.openMem(); // for @AfterEach
    }

    /**
     * The body of runInTransaction: an exception rolls back and propagates (nothing applied, no
     * retry); a body that commits itself is not committed twice; maxAttempts must be positive.
     */
    @Test
    void runInTransactionBodies() {
        int[] runs = {0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.runInTransaction(tx -> {
            runs[0]++;
            tx.put(b("b"), b("2"));
            throw new IllegalArgumentException("body failed");
        }));
        assertEquals("body failed", e.getMessage());
        assertEquals(1, runs[0]);
        assertNull(db.get(b("b")));
        long seq = db.runInTransaction(tx -> {
            tx.put(b("b"), b("2"));
            tx.commit();
            return tx.commitSequence();
        });
        assertEquals(seq, db.stats().sequence());
        assertEquals("2", s(db.get(b("b"))));
        String r = db.runInTransaction(tx -> {
            tx.put(b("b"), b("3"));
            tx.rollback();
            return "rolled back";
        });
        assertEquals("rolled back", r);
        assertEquals("2", s(db.get(b("b"))));
        assertThrows(IllegalArgumentException.class, () -> db.runInTransaction(IsolationLevel.SERIALIZABLE, 0, tx -> null));
    }

    /**
     * A cursor opened in a transaction and still open when the transaction commits or rolls
     * back: each call must either refuse (IllegalStateException, like the transaction's own
     * methods, or DatabaseClosedException) or answer from the transaction's view (its snapshot
     * plus its own writes; after a rollback the snapshot alone is also acceptable). It must never
     * show the snapshot without the committed transaction's writes, nor fail with an exception of
     * the implementation such as NullPointerException.
     *
     * <p>Fails on the engine as of this test: commit and rollback clear the write buffer that the
     * transaction's cursors merge; a cursor positioned on one of the transaction's own writes
     * then throws NullPointerException from value() (MergedCursor.value: buffer.ceilingEntry
     * returns null), and after a commit a walk from the first key skips the transaction's own
     * write "b" (it shows a=1, c=3: a state that never existed for the transaction).
     */
    @ParameterizedTest
    @ValueSource(strings = {"commit", "rollback"})
    void cursorsOfAFinishedTransaction(String end) {
        List<List<String>> acceptable = new ArrayList<>();
        acceptable.add(List.of("a=1", "b=2", "c=3")); // the transaction's view
        if (end.equals("rollback")) {
            acceptable.add(List.of("a=1", "c=3")); // its snapshot
        }
        Transaction tx = db.begin();
        tx.put(b("b"), b("2"));
        Cursor c = tx.newCursor();
        c.seek(b("b"));
        assertEquals("b", s(c.key()));
        if (end.equals("commit")) {
            tx.commit();
        } else {
            tx.rollback();
        }
        List<String> problems = new ArrayList<>();
        String value = outcome(() -> s(c.value()));
        if (!value.equals("2") && !value.startsWith("refused")) {
            problems.add("value() at b after " + end + ": " + value);
        }
        String walk = outcome(() -> {
            List<String> seen = new ArrayList<>();
            for (c.seekToFirst(); c.isValid(); c.next()) {
                seen.add(s(c.key()) + "=" + s(c.value()));
            }
            return String.join(",", seen);
        });
        if (!walk.startsWith("refused") && acceptable.stream().noneMatch(l -> String.join(",", l).equals(walk))) {
            problems.add("walk after " + end + ": " + walk + ", expected one of " + acceptable + " or a refusal");
        }
        c.close();
        tx.close();
        assertEquals(List.of(), problems);
    }

    /** What a call returned, "refused: ..." for the exceptions a finished transaction may throw, or the unexpected exception. */
    private static String outcome(Supplier<String> call) {
        try {
            return call.get();
        } catch (IllegalStateException | DatabaseClosedException e) {
            return "refused: " + e;
        } catch (RuntimeException e) {
            return "threw " + e;
        }
    }

    /** A transaction cursor merges the snapshot with own writes and deletes, both directions, and keeps them while the transaction runs. */
    @Test
    void cursorsMergeOwnWritesBothWays() {
        try (Transaction tx = db.begin(IsolationLevel.SNAPSHOT)) { // at SERIALIZABLE the insert of e would be a phantom of the scans
            tx.put(b("b"), b("2"));
            tx.delete(b("c"));
            tx.put(b("d"), b("4"));
            db.put(b("e"), b("5")); // after the snapshot: not seen
            List<String> fwd = new ArrayList<>();
            List<String> back = new ArrayList<>();
            try (Cursor c = tx.newCursor()) {
                for (c.seekToFirst(); c.isValid(); c.next()) {
                    fwd.add(s(c.key()) + "=" + s(c.value()));
                }
                for (c.seekToLast(); c.isValid(); c.prev()) {
                    back.add(0, s(c.key()) + "=" + s(c.value()));
                }
                c.seek(b("c"));
                assertEquals("d", s(c.key()));
                c.prev();
                assertEquals("b", s(c.key()));
                c.seekForPrev(b("c"));
                assertEquals("b", s(c.key()));
                c.next();
                assertEquals("d", s(c.key()));
            }
            assertEquals(List.of("a=1", "b=2", "d=4"), fwd);
            assertEquals(fwd, back);
            tx.commit();
        }
        assertEquals(List.of("a=1", "b=2", "d=4", "e=5"), TxnDb.dump(db));
        assertTrue(db.stats().openReaders() == 0, "open readers: " + db.stats().openReaders());
    }
}
