package org.aetherdb.txn;

import static org.aetherdb.txn.TxnDb.b;
import static org.aetherdb.txn.TxnDb.num;
import static org.aetherdb.txn.TxnDb.s;
import static org.aetherdb.txn.TxnDb.scan;
import static org.aetherdb.txn.TxnDb.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aetherdb.AetherDB;
import org.aetherdb.ConflictException;
import org.aetherdb.Cursor;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Transaction;
import org.aetherdb.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The isolation-anomaly catalogue of Adya's thesis, in the shape of the Hermitage test suite
 * (github.com/ept/hermitage): each test spells out one interleaving of two or three open
 * transactions, driven step by step from one thread, and asserts what each level must do.
 *
 * <p>Expected results in one table (SER = {@link IsolationLevel#SERIALIZABLE}, SI =
 * {@link IsolationLevel#SNAPSHOT}): G0, G1a, G1b, OTV, PMP (read-only) and G-single (read-only) are
 * prevented at both levels by construction (buffered writes, snapshot reads, atomic commits); P4
 * (lost update) is prevented at both levels by a commit failure; G1c with writes, G2-item (write
 * skew), G2 (predicate anti-dependency cycle) and the PMP phantom with a dependent write occur at
 * SI (both transactions commit, the anomaly is observable afterwards) and are prevented at SER
 * (the second committer fails).
 *
 * <p>Hermitage's setup: {@code test} rows 1 = 10 and 2 = 20, here keys "1" and "2".
 */
class AnomalyTest {
    private AetherDB db;

    @BeforeEach
    void open() {
        db = TxnDb.openMem();
        db.put(b("1"), b("10"));
        db.put(b("2"), b("20"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static boolean ser(IsolationLevel level) {
        return level == IsolationLevel.SERIALIZABLE;
    }

    private String get(String key) {
        return s(db.get(b(key)));
    }

    private static String get(Transaction tx, String key) {
        return s(tx.get(b(key)));
    }

    private static void put(Transaction tx, String key, String value) {
        tx.put(b(key), b(value));
    }

    private static ConflictException conflict(Transaction tx) {
        return assertThrows(ConflictException.class, tx::commit, "commit must fail with a conflict");
    }

    // ---------------------------------------------------------------------------------------------
    // G0: dirty write (write cycles)

    /**
     * G0. T1 and T2 write the same two rows, interleaved; neither may overwrite the other's
     * uncommitted write, and the final state must come from one serial order (never 1 from one
     * transaction and 2 from the other).
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: put 1 = 11
     *                              T2: put 1 = 12
     * T1: put 2 = 21
     * T1: commit                   -- ok
     *                              T2: put 2 = 22
     *                              T2: commit -- SER: ok (blind writes never conflict; order T1, T2)
     *                                            SI:  fails (write-write on 1, first committer wins)
     * final: SER 1 = 12, 2 = 22; SI 1 = 11, 2 = 21
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g0DirtyWrite(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            put(t1, "1", "11");
            put(t2, "1", "12");
            put(t1, "2", "21");
            assertEquals("10", get("1"), "T1's write must stay buffered until commit");
            t1.commit();
            put(t2, "2", "22");
            assertEquals("21", get("2"));
            if (ser(level)) {
                t2.commit();
                assertTrue(t2.commitSequence() > t1.commitSequence());
                assertEquals(List.of("1=12", "2=22"), TxnDb.dump(db));
            } else {
                String msg = conflict(t2).getMessage();
                assertTrue(msg.contains("write-write conflict on key \"1\""), msg);
                assertEquals(List.of("1=11", "2=21"), TxnDb.dump(db));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // G1a: aborted read

    /**
     * G1a. T2 must never see a write of T1, which aborts.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: put 1 = 101
     *                              T2: get 1 -> 10; scan -> [1=10, 2=20]
     * T1: rollback
     *                              T2: get 1 -> 10; scan -> [1=10, 2=20]
     *                              T2: commit -- ok (read-only)
     * a transaction begun afterwards reads 1 = 10
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g1aAbortedRead(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            put(t1, "1", "101");
            assertEquals("10", get(t2, "1"));
            assertEquals(List.of("1=10", "2=20"), scan(t2, "1", "9"));
            t1.rollback();
            assertEquals("10", get(t2, "1"));
            assertEquals(List.of("1=10", "2=20"), scan(t2, "1", "9"));
            t2.commit();
            assertEquals(-1, t2.commitSequence(), "a read-only transaction has no commit sequence");
        }
        try (Transaction t3 = db.begin(level)) {
            assertEquals("10", get(t3, "1"));
        }
        assertEquals(List.of("1=10", "2=20"), TxnDb.dump(db));
    }

    /**
     * G1a with an abort by the engine: T1's commit is rejected, so none of its writes (not even
     * to a row nobody else touched) may ever become visible.
     *
     * <pre>
     * T1: begin
     * T1: get 1 -> 10; put 1 = 101; put 2 = 201
     * db.put 1 = 11                -- plain put: a commit after T1's snapshot
     * T1: commit -- fails at both levels (SER: read 1 was overwritten; SI: write-write on 1)
     * T2: begin; get 1 -> 11; get 2 -> 20 (not 201)
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g1aReadOfAConflictAbortedTransaction(IsolationLevel level) {
        try (Transaction t1 = db.begin(level)) {
            assertEquals("10", get(t1, "1"));
            put(t1, "1", "101");
            put(t1, "2", "201");
            db.put(b("1"), b("11"));
            conflict(t1);
        }
        try (Transaction t2 = db.begin(level)) {
            assertEquals("11", get(t2, "1"));
            assertEquals("20", get(t2, "2"));
            t2.commit();
        }
        assertEquals(List.of("1=11", "2=20"), TxnDb.dump(db));
    }

    // ---------------------------------------------------------------------------------------------
    // G1b: intermediate read

    /**
     * G1b. T2 must never see T1's intermediate value 101, only committed final values.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: put 1 = 101
     *                              T2: get 1 -> 10
     * T1: put 1 = 11
     * T1: commit
     *                              T2: get 1 -> 10 (its snapshot)
     *                              T2: commit -- ok (read-only)
     * T3: begin; get 1 -> 11 (T1's final value, never 101)
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g1bIntermediateRead(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            put(t1, "1", "101");
            assertEquals("10", get(t2, "1"));
            assertEquals("101", get(t1, "1"), "a transaction reads its own writes");
            put(t1, "1", "11");
            t1.commit();
            assertEquals("10", get(t2, "1"));
            assertEquals(List.of("1=10", "2=20"), scan(t2, "1", "9"));
            t2.commit();
        }
        try (Transaction t3 = db.begin(level)) {
            assertEquals("11", get(t3, "1"));
            assertEquals(List.of("1=11", "2=20"), scan(t3, "1", "9"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // G1c: circular information flow

    /**
     * G1c. Each transaction writes a row the other reads. Neither may see the other's write
     * (that would be a wr cycle). With both reads stale, the history has an rw cycle, which SI
     * allows and SER must refuse.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: put 1 = 11
     *                              T2: put 2 = 22
     * T1: get 2 -> 20
     *                              T2: get 1 -> 10
     * T1: commit -- ok
     *                              T2: commit -- SER: fails (read 1, written by T1 after its snapshot)
     *                                            SI:  ok (disjoint writes)
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g1cCircularInformationFlow(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            put(t1, "1", "11");
            put(t2, "2", "22");
            assertEquals("20", get(t1, "2"));
            assertEquals("10", get(t2, "1"));
            t1.commit();
            if (ser(level)) {
                String msg = conflict(t2).getMessage();
                assertTrue(msg.contains("read-write conflict on key \"1\""), msg);
                assertEquals(List.of("1=11", "2=20"), TxnDb.dump(db));
            } else {
                t2.commit();
                assertEquals(List.of("1=11", "2=22"), TxnDb.dump(db));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // OTV: observed transaction vanishes

    /**
     * OTV. T3 sees T1's writes; a later writer T2 must not make part of them vanish from T3's
     * view (T3 must not read 1 from T1 and 2 from T2).
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: put 1 = 11; put 2 = 19
     *                              T2: put 1 = 12
     * T1: commit
     *                                                   T3: begin
     *                                                   T3: get 1 -> 11
     *                              T2: put 2 = 18
     *                              T2: commit -- SER: ok (blind writes); SI: fails (write-write)
     *                                                   T3: get 2 -> 19 (not 18); get 1 -> 11
     *                                                   T3: commit -- ok (read-only)
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void otvObservedTransactionVanishes(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            put(t1, "1", "11");
            put(t1, "2", "19");
            put(t2, "1", "12");
            t1.commit();
            try (Transaction t3 = db.begin(level)) {
                assertEquals("11", get(t3, "1"));
                put(t2, "2", "18");
                if (ser(level)) {
                    t2.commit();
                    assertEquals(List.of("1=12", "2=18"), TxnDb.dump(db));
                } else {
                    conflict(t2);
                    assertEquals(List.of("1=11", "2=19"), TxnDb.dump(db));
                }
                assertEquals("19", get(t3, "2"));
                assertEquals("11", get(t3, "1"));
                assertEquals(List.of("1=11", "2=19"), scan(t3, "1", "9"));
                t3.commit();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // PMP: predicate-many-preceders

    private void items() {
        db.delete(b("1"));
        db.delete(b("2"));
        db.put(b("item/1"), b("10"));
        db.put(b("item/2"), b("20"));
        db.put(b("z"), b("end"));
    }

    /**
     * PMP, read-only. T1's predicate read (a cursor over the range "item/") must return the same
     * rows each time, although T2 inserts a matching row and commits in between.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: scan item/* -> [item/1=10, item/2=20]
     *                              T2: put item/3 = 30
     *                              T2: commit
     * T1: scan item/* -> [item/1=10, item/2=20]  (no phantom)
     * T1: get item/3 -> null
     * T1: commit -- ok (read-only transactions never fail)
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void pmpPredicateManyPreceders(IsolationLevel level) {
        items();
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            assertEquals(List.of("item/1=10", "item/2=20"), scan(t1, "item/", "item0"));
            put(t2, "item/3", "30");
            t2.commit();
            assertEquals(List.of("item/1=10", "item/2=20"), scan(t1, "item/", "item0"));
            assertNull(t1.get(b("item/3")));
            t1.commit();
        }
    }

    /**
     * PMP with a dependent write: T1 counts the rows of a predicate and writes the count; T2's
     * concurrent insert is a phantom that makes the count wrong. SI commits both (the anomaly);
     * SER must fail T1, naming the range and the inserted key.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: scan item/* -> 2 rows    (the cursor sweeps ["item/", "z"]: it stops at "z")
     *                              T2: put item/3 = 30
     *                              T2: commit
     * T1: put count = 2
     * T1: commit -- SER: fails (phantom item/3 in the swept range); SI: ok, count = 2 but 3 items
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void pmpPhantomWithDependentWrite(IsolationLevel level) {
        items();
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            int count = scan(t1, "item/", "item0").size();
            assertEquals(2, count);
            put(t2, "item/3", "30");
            t2.commit();
            put(t1, "count", Integer.toString(count));
            if (ser(level)) {
                String msg = conflict(t1).getMessage();
                assertTrue(msg.contains("phantom conflict in range [\"item/\", \"z\"]"), msg);
                assertTrue(msg.contains("key \"item/3\""), msg);
                assertNull(db.get(b("count")));
            } else {
                t1.commit();
                assertEquals("2", get("count"));
                try (Transaction check = db.begin(level)) {
                    assertEquals(3, scan(check, "item/", "item0").size(), "SI admits the phantom: the count is stale");
                }
            }
        }
    }

    /**
     * Hermitage's PMP-write: T1 updates every row of a predicate; T2 deletes a row that matched
     * in its own snapshot. Either order is serial, but not both on the same snapshot: the second
     * committer fails at both levels (SER: read-write; SI: write-write on item/2).
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: scan item/*, put each value + 10   (item/1 = 20, item/2 = 30)
     *                              T2: scan item/*, delete rows whose value is 20 (item/2)
     * T1: commit -- ok
     *                              T2: commit -- fails at both levels
     * final: item/1 = 20, item/2 = 30
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void pmpWriteHermitage(IsolationLevel level) {
        items();
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            try (Cursor c = t1.newCursor()) {
                for (c.seek(b("item/")); c.isValid() && s(c.key()).startsWith("item/"); c.next()) {
                    t1.put(c.key(), TxnDb.num(num(c.value()) + 10));
                }
            }
            try (Cursor c = t2.newCursor()) {
                for (c.seek(b("item/")); c.isValid() && s(c.key()).startsWith("item/"); c.next()) {
                    if (num(c.value()) == 20) {
                        t2.delete(c.key());
                    }
                }
            }
            t1.commit();
            conflict(t2);
        }
        assertEquals(List.of("item/1=20", "item/2=30", "z=end"), TxnDb.dump(db));
    }

    // ---------------------------------------------------------------------------------------------
    // P4: lost update

    /**
     * P4. Two read-modify-write increments of the same row on the same snapshot: one must fail at
     * both levels (SER: its read was overwritten; SI: write-write), and retrying it on a fresh
     * snapshot applies both increments.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: get 1 -> 10
     *                              T2: get 1 -> 10
     * T1: put 1 = 11   (+1)
     *                              T2: put 1 = 12   (+2)
     * T1: commit -- ok
     *                              T2: commit -- fails at both levels
     * retry T2 with runInTransaction: 1 = 13
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void p4LostUpdate(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            long a = num(t1.get(b("1")));
            long c = num(t2.get(b("1")));
            t1.put(b("1"), num(a + 1));
            t2.put(b("1"), num(c + 2));
            t1.commit();
            String msg = conflict(t2).getMessage();
            assertTrue(msg.contains("\"1\""), msg);
            assertEquals("11", get("1"));
        }
        db.runInTransaction(level, 3, tx -> {
            tx.put(b("1"), num(num(tx.get(b("1"))) + 2));
            return null;
        });
        assertEquals("13", get("1"));
    }

    /**
     * P4 where the read is a cursor step rather than a get: the same outcome.
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void p4LostUpdateThroughACursor(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            long a = sum(t1, "1", "2");
            long c = sum(t2, "1", "2");
            t1.put(b("1"), num(a + 1));
            t2.put(b("1"), num(c + 2));
            t2.commit();
            conflict(t1);
            assertEquals("12", get("1"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // G-single: read skew

    /**
     * G-single. T2 moves 2 from row 2 to row 1 while T1 reads the rows one by one: T1 must see
     * both from the same state (sum 30), never 1 before and 2 after the move.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: get 1 -> 10
     *                              T2: get 1 -> 10; get 2 -> 20
     *                              T2: put 1 = 12; put 2 = 18
     *                              T2: commit
     * T1: get 2 -> 20 (not 18); scan 1..2 -> sum 30
     * T1: commit -- ok (read-only)
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void gSingleReadSkew(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            assertEquals("10", get(t1, "1"));
            assertEquals("10", get(t2, "1"));
            assertEquals("20", get(t2, "2"));
            put(t2, "1", "12");
            put(t2, "2", "18");
            t2.commit();
            assertEquals("20", get(t1, "2"));
            assertEquals(30, sum(t1, "1", "9"));
            t1.commit();
        }
        assertEquals(List.of("1=12", "2=18"), TxnDb.dump(db));
    }

    /**
     * G-single with a dependent write: T1 writes the sum it read. Its snapshot is consistent
     * (sum 30), so SI commits; SER fails it, because a key it read was written after its
     * snapshot (the engine's rule is conservative: T1-before-T2 would have been serial here).
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: get 1 -> 10
     *                              T2: put 1 = 12; put 2 = 18; commit
     * T1: get 2 -> 20; put total = 30
     * T1: commit -- SER: fails (key 1 read, then written by T2); SI: ok
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void gSingleDependentWrite(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            long a = num(t1.get(b("1")));
            put(t2, "1", "12");
            put(t2, "2", "18");
            t2.commit();
            long c = num(t1.get(b("2")));
            assertEquals(30, a + c);
            t1.put(b("total"), num(a + c));
            if (ser(level)) {
                String msg = conflict(t1).getMessage();
                assertTrue(msg.contains("read-write conflict on key \"1\"") || msg.contains("read-write conflict on key \"2\""), msg);
                assertNull(db.get(b("total")));
            } else {
                t1.commit();
                assertEquals("30", get("total"));
            }
        }
    }

    /**
     * Hermitage's G-single-write-1: T1 reads row 1, T2 moves value between the rows and commits,
     * then T1 deletes the rows whose value it sees as 20 (row 2). Fails at both levels (SER:
     * read-write; SI: write-write on row 2).
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void gSingleWrite(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            assertEquals("10", get(t1, "1"));
            assertEquals(List.of("1=10", "2=20"), scan(t2, "1", "9"));
            put(t2, "1", "12");
            put(t2, "2", "18");
            t2.commit();
            try (Cursor c = t1.newCursor()) {
                for (c.seekToFirst(); c.isValid(); c.next()) {
                    if (num(c.value()) == 20) {
                        t1.delete(c.key());
                    }
                }
            }
            conflict(t1);
        }
        assertEquals(List.of("1=12", "2=18"), TxnDb.dump(db));
    }

    // ---------------------------------------------------------------------------------------------
    // G2-item: write skew

    /**
     * G2-item, the on-call doctors: the rule is "at least one doctor on call"; each transaction
     * checks that both are, then takes one off.
     *
     * <pre>
     * setup: oncall/alice = 1, oncall/bob = 1
     * T1: begin                    T2: begin
     * T1: get alice -> 1; get bob -> 1
     *                              T2: get alice -> 1; get bob -> 1
     * T1: put alice = 0
     *                              T2: put bob = 0
     * T1: commit -- ok
     *                              T2: commit -- SER: fails (read alice, written by T1)
     *                                            SI:  ok -> nobody on call: the write skew happened
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g2ItemWriteSkew(IsolationLevel level) {
        db.put(b("oncall/alice"), b("1"));
        db.put(b("oncall/bob"), b("1"));
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            long t1Count = num(t1.get(b("oncall/alice"))) + num(t1.get(b("oncall/bob")));
            long t2Count = num(t2.get(b("oncall/alice"))) + num(t2.get(b("oncall/bob")));
            assertEquals(2, t1Count);
            assertEquals(2, t2Count);
            put(t1, "oncall/alice", "0");
            put(t2, "oncall/bob", "0");
            t1.commit();
            if (ser(level)) {
                String msg = conflict(t2).getMessage();
                assertTrue(msg.contains("\"oncall/alice\""), msg);
                assertEquals("0", get("oncall/alice"));
                assertEquals("1", get("oncall/bob"));
            } else {
                t2.commit();
                assertEquals("0", get("oncall/alice"));
                assertEquals("0", get("oncall/bob"), "SI admits write skew: both doctors went off call");
            }
        }
    }

    /**
     * Hermitage's G2-item on rows 1 and 2 (each transaction reads both, updates a different one).
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g2ItemHermitage(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            assertEquals(List.of("1=10", "2=20"), scan(t1, "1", "9"));
            assertEquals(List.of("1=10", "2=20"), scan(t2, "1", "9"));
            put(t1, "1", "11");
            put(t2, "2", "21");
            t1.commit();
            if (ser(level)) {
                conflict(t2);
                assertEquals(List.of("1=11", "2=20"), TxnDb.dump(db));
            } else {
                t2.commit();
                assertEquals(List.of("1=11", "2=21"), TxnDb.dump(db));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // G2: anti-dependency cycles over predicates

    /**
     * G2 over two ranges: each transaction sums one range and inserts that sum into the other
     * range. In any serial order the second one's sum would include the first one's insert; at
     * SI neither does (both commit). SER fails the second committer with a phantom conflict.
     *
     * <pre>
     * setup: a/0 = 10, b/0 = 20, z = 0
     * T1: begin                    T2: begin
     * T1: sum a/* -> 10            (sweeps ["a/", "b/0"])
     *                              T2: sum b/* -> 20   (sweeps ["b/", "z"])
     * T1: put b/1 = 10
     *                              T2: put a/1 = 20
     * T1: commit -- ok
     *                              T2: commit -- SER: fails (b/1 inside ["b/", "z"]); SI: ok
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g2PredicateAntiDependencyCycle(IsolationLevel level) {
        db.put(b("a/0"), b("10"));
        db.put(b("b/0"), b("20"));
        db.put(b("z"), b("0"));
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            long sumA = sum(t1, "a/", "a0");
            long sumB = sum(t2, "b/", "b0");
            assertEquals(10, sumA);
            assertEquals(20, sumB);
            t1.put(b("b/1"), num(sumA));
            t2.put(b("a/1"), num(sumB));
            t1.commit();
            if (ser(level)) {
                String msg = conflict(t2).getMessage();
                assertTrue(msg.contains("phantom conflict in range [\"b/\", \"z\"]: key \"b/1\""), msg);
                assertNull(db.get(b("a/1")));
            } else {
                t2.commit();
                try (Transaction check = db.begin()) {
                    // Neither insert saw the other: a/1 = 20 is the sum of b/* without b/1, and
                    // b/1 = 10 the sum of a/* without a/1; no serial order produces both.
                    assertEquals(List.of("a/0=10", "a/1=20"), scan(check, "a/", "a0"));
                    assertEquals(List.of("b/0=20", "b/1=10"), scan(check, "b/", "b0"));
                }
            }
        }
    }

    /**
     * Hermitage's G2 (predicate reads that find nothing): both transactions look for a row whose
     * value is a multiple of 3, find none, and each inserts one.
     *
     * <pre>
     * T1: begin                    T2: begin
     * T1: scan all where v % 3 == 0 -> none
     *                              T2: scan all where v % 3 == 0 -> none
     * T1: put 3 = 30
     *                              T2: put 4 = 42
     * T1: commit -- ok
     *                              T2: commit -- SER: fails (phantom 3 in (-inf, +inf)); SI: ok
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void g2Hermitage(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level)) {
            assertEquals(0, multiplesOfThree(t1));
            assertEquals(0, multiplesOfThree(t2));
            put(t1, "3", "30");
            put(t2, "4", "42");
            t1.commit();
            if (ser(level)) {
                String msg = conflict(t2).getMessage();
                assertTrue(msg.contains("phantom conflict in range [-inf, +inf]: key \"3\""), msg);
                assertEquals(List.of("1=10", "2=20", "3=30"), TxnDb.dump(db));
            } else {
                t2.commit();
                assertEquals(List.of("1=10", "2=20", "3=30", "4=42"), TxnDb.dump(db));
            }
        }
    }

    private static int multiplesOfThree(Transaction tx) {
        int n = 0;
        try (Cursor c = tx.newCursor()) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                if (num(c.value()) % 3 == 0) {
                    n++;
                }
            }
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------
    // The rules themselves

    /**
     * Blind writes (writes of keys not read) never conflict at SER, whoever wrote the same keys
     * meanwhile; at SI they conflict only with writes of the same key.
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void blindWritesNeverConflict(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level); Transaction t3 = db.begin(level)) {
            put(t1, "x", "1");
            put(t2, "y", "2");
            put(t3, "1", "13");
            for (int i = 0; i < 100; i++) { // plain commits of every other key after the snapshots
                db.put(b("k" + i), num(i));
                db.put(b("2"), num(i));
            }
            db.put(b("1"), b("12"));
            t1.commit(); // disjoint from everything: commits at both levels
            t2.commit();
            if (ser(level)) {
                t3.commit(); // same key as a later commit, but never read
                assertEquals("13", get("1"));
            } else {
                String msg = conflict(t3).getMessage();
                assertTrue(msg.contains("write-write conflict on key \"1\""), msg);
                assertEquals("12", get("1"));
            }
            assertEquals("1", get("x"));
            assertEquals("2", get("y"));
        }
    }

    /**
     * A read-only transaction never fails, even when everything it read (keys, absent keys and
     * whole ranges, in both directions) was changed, deleted or inserted into after its snapshot,
     * and it keeps seeing its snapshot until the end.
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void readOnlyTransactionsNeverFail(IsolationLevel level) {
        for (int i = 0; i < 50; i++) {
            db.put(b("r/" + i), num(i));
        }
        List<String> before = TxnDb.dump(db);
        try (Transaction t = db.begin(level)) {
            List<String> seen = readEverything(t);
            assertEquals(before, seen);
            assertNull(t.get(b("absent")));
            for (int i = 0; i < 50; i++) {
                db.put(b("r/" + i), num(-i));
                db.delete(b("r/" + (i + 1) / 2));
                db.put(b("absent"), b("now present"));
                db.put(b("0"), b("before the first key"));
                db.put(b("zz"), b("after the last key"));
            }
            assertEquals(before, readEverything(t));
            assertNull(t.get(b("absent")));
            t.commit();
            assertEquals(-1, t.commitSequence());
        }
    }

    private static List<String> readEverything(Transaction t) {
        List<String> out = new ArrayList<>();
        try (Cursor c = t.newCursor()) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                out.add(s(c.key()) + "=" + s(c.value()));
                assertEquals(s(c.value()), s(t.get(c.key())));
            }
            List<String> backward = new ArrayList<>();
            for (c.seekToLast(); c.isValid(); c.prev()) {
                backward.add(0, s(c.key()) + "=" + s(c.value()));
            }
            assertEquals(out, backward);
            c.seek(b("r/3"));
            c.seekForPrev(b("r/3"));
        }
        return out;
    }

    /**
     * A plain put, delete or batch write (a commit of its own) after a SER transaction's
     * snapshot, on a key the transaction read, fails the transaction; on a key it did not read it
     * does not. At SI only write-write counts.
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void plainWritesAreCommitsToo(IsolationLevel level) {
        List<Runnable> writes = List.of(
                () -> db.put(b("1"), b("11")),
                () -> db.delete(b("1")),
                () -> db.write(new WriteBatch().put(b("other"), b("x")).put(b("1"), b("12"))));
        for (Runnable write : writes) {
            db.put(b("1"), b("10"));
            try (Transaction t = db.begin(level)) {
                assertEquals("10", get(t, "1"));
                db.put(b("unrelated"), b("u")); // neither read nor written by t: no conflict
                write.run();
                put(t, "2", "21");
                if (ser(level)) {
                    String msg = conflict(t).getMessage();
                    assertTrue(msg.contains("read-write conflict on key \"1\""), msg);
                } else {
                    t.commit();
                }
            }
            try (Transaction t = db.begin(level)) {
                assertEquals(get("1"), get(t, "1"));
                put(t, "1", "13");
                write.run();
                String msg = conflict(t).getMessage(); // SER: read 1; SI: write-write on 1
                assertTrue(msg.contains("\"1\""), msg);
            }
        }
        try (Transaction t = db.begin(level)) {
            assertEquals(ser(level) ? "20" : "21", get(t, "2")); // SER's transactions above all failed
            db.put(b("unrelated"), b("v"));
            put(t, "2", "22");
            t.commit(); // read and wrote 2; only an unrelated plain write since: commits at both levels
        }
    }

    /**
     * A get that found nothing is a read too: a concurrent insert of that key fails the
     * transaction at SER (the phantom of a point read); SI does not care.
     *
     * <pre>
     * T1: begin
     * T1: get "new" -> null
     *                              T2: begin; put "new" = 1; commit
     * T1: get "new" -> null (snapshot); put "flag" = absent
     * T1: commit -- SER: fails, naming "new"; SI: ok
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void readOfAnAbsentKeyThenConcurrentInsert(IsolationLevel level) {
        try (Transaction t1 = db.begin(level)) {
            assertNull(t1.get(b("new")));
            try (Transaction t2 = db.begin(level)) {
                put(t2, "new", "1");
                t2.commit();
            }
            assertNull(t1.get(b("new")));
            put(t1, "flag", "absent");
            if (ser(level)) {
                String msg = conflict(t1).getMessage();
                assertTrue(msg.contains("read-write conflict on key \"new\""), msg);
                assertNull(db.get(b("flag")));
            } else {
                t1.commit();
                assertEquals("absent", get("flag"));
            }
        }
        // The same with a plain put as the concurrent insert, and with a delete of the absent key
        // (a write of that key all the same).
        List<java.util.function.Consumer<byte[]>> writes = List.of(k -> db.put(k, b("1")), k -> db.delete(k));
        for (int i = 0; i < writes.size(); i++) {
            byte[] key = b("new" + i);
            try (Transaction t1 = db.begin(level)) {
                assertNull(t1.get(key));
                writes.get(i).accept(key);
                put(t1, "flag", "x");
                if (ser(level)) {
                    conflict(t1);
                } else {
                    t1.commit();
                }
            }
        }
    }

    /** The exception names what conflicted: the key for item reads and writes, range and key for phantoms. */
    @Test
    void conflictMessagesNameTheKeyOrRange() {
        db.put(b("acct/7"), b("1"));
        try (Transaction t = db.begin()) {
            t.get(b("acct/7"));
            put(t, "x", "1");
            db.put(b("acct/7"), b("2"));
            String msg = conflict(t).getMessage();
            assertTrue(msg.startsWith("read-write conflict on key \"acct/7\""), msg);
        }
        try (Transaction t = db.begin(IsolationLevel.SNAPSHOT)) {
            put(t, "acct/7", "3");
            db.put(b("acct/7"), b("4"));
            String msg = conflict(t).getMessage();
            assertTrue(msg.startsWith("write-write conflict on key \"acct/7\""), msg);
        }
        db.put(b("acct/9"), b("1"));
        try (Transaction t = db.begin()) {
            assertEquals(List.of("acct/7=4", "acct/9=1"), scan(t, "acct/", "acct0"));
            put(t, "x", "2");
            db.put(b("acct/8"), b("5"));
            String msg = conflict(t).getMessage();
            // Nothing follows the prefix: the cursor ran off the end, the range is unbounded above.
            assertTrue(msg.startsWith("phantom conflict in range [\"acct/\", +inf]: key \"acct/8\""), msg);
        }
        byte[] binary = {(byte) 0xff, 0x00, 0x01};
        try (Transaction t = db.begin()) {
            assertNull(t.get(binary));
            put(t, "x", "3");
            db.put(binary, b("b"));
            String msg = conflict(t).getMessage();
            assertTrue(msg.startsWith("read-write conflict on key 0xff0001"), msg);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Precision of swept ranges (SER): what a cursor read is exactly what conflicts

    private static final List<String> GRID = List.of("c", "e", "g", "i", "k");

    private void grid() {
        db.delete(b("1"));
        db.delete(b("2"));
        for (String k : GRID) {
            db.put(b(k), b("0"));
        }
    }

    /** Runs {@code read} in a SER transaction, commits {@code insert} concurrently, returns whether the transaction still commits. */
    private boolean commitsAfter(java.util.function.Consumer<Cursor> read, String insert) {
        grid();
        try (Transaction t = db.begin()) {
            try (Cursor c = t.newCursor()) {
                read.accept(c);
            }
            put(t, "out", "1");
            db.put(b(insert), b("1"));
            try {
                t.commit();
                return true;
            } catch (ConflictException e) {
                return false;
            } finally {
                db.delete(b(insert));
                db.delete(b("out"));
            }
        }
    }

    /**
     * A seek starts the range at its target and each step widens it to the key reached; keys
     * outside never conflict, keys inside always do. Backward the same; running off an end makes
     * the range unbounded on that side.
     */
    @Test
    void sweptRangesAreExact() {
        java.util.function.Consumer<Cursor> seekD = c -> c.seek(b("d")); // lands on e: [d, e]
        java.util.function.Consumer<Cursor> seekDNext = c -> { c.seek(b("d")); c.next(); }; // [d, g]
        java.util.function.Consumer<Cursor> seekJNextOff = c -> { c.seek(b("j")); c.next(); }; // k, off: [j, +inf)
        java.util.function.Consumer<Cursor> seekPrevF = c -> c.seekForPrev(b("f")); // lands on e: [e, f]
        java.util.function.Consumer<Cursor> seekPrevFPrevOff = c -> { c.seekForPrev(b("f")); c.prev(); c.prev(); }; // c, off: (-inf, f]
        java.util.function.Consumer<Cursor> first = c -> c.seekToFirst(); // (-inf, c]
        java.util.function.Consumer<Cursor> last = c -> c.seekToLast(); // [k, +inf)
        java.util.function.Consumer<Cursor> seekPastEnd = c -> c.seek(b("z")); // nothing: [z, +inf)
        java.util.function.Consumer<Cursor> turnAround = c -> { c.seek(b("f")); c.next(); c.prev(); c.prev(); }; // g, i, g, e: [e, i]

        record Case(String name, java.util.function.Consumer<Cursor> read, String insert, boolean commits) {}
        List<Case> cases = List.of(
                new Case("seek d / insert a", seekD, "a", true),
                new Case("seek d / insert cz", seekD, "cz", true),
                new Case("seek d / insert d", seekD, "d", false),
                new Case("seek d / insert dz", seekD, "dz", false),
                new Case("seek d / overwrite e", seekD, "e", false),
                new Case("seek d / insert ea", seekD, "ea", true),
                new Case("seek d, next / insert f", seekDNext, "f", false),
                new Case("seek d, next / overwrite g", seekDNext, "g", false),
                new Case("seek d, next / insert h", seekDNext, "h", true),
                new Case("seek j, next off / insert ja", seekJNextOff, "ja", false),
                new Case("seek j, next off / insert zzz", seekJNextOff, "zzz", false),
                new Case("seek j, next off / insert ia", seekJNextOff, "ia", true),
                new Case("seekForPrev f / insert ez", seekPrevF, "ez", false),
                new Case("seekForPrev f / insert f", seekPrevF, "f", false),
                new Case("seekForPrev f / insert fa", seekPrevF, "fa", true),
                new Case("seekForPrev f / insert d", seekPrevF, "d", true),
                new Case("seekForPrev f, prev off / insert a", seekPrevFPrevOff, "a", false),
                new Case("seekForPrev f, prev off / insert fa", seekPrevFPrevOff, "fa", true),
                new Case("seekToFirst / insert a", first, "a", false),
                new Case("seekToFirst / overwrite c", first, "c", false),
                new Case("seekToFirst / insert d", first, "d", true),
                new Case("seekToLast / insert z", last, "z", false),
                new Case("seekToLast / insert j", last, "j", true),
                new Case("seek z past the end / insert zz", seekPastEnd, "zz", false),
                new Case("seek z past the end / insert y", seekPastEnd, "y", true),
                new Case("turn around / insert h", turnAround, "h", false),
                new Case("turn around / insert d", turnAround, "d", true),
                new Case("turn around / insert j", turnAround, "j", true),
                new Case("turn around / insert ea", turnAround, "ea", false));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            if (commitsAfter(c.read(), c.insert()) != c.commits()) {
                wrong.add(c.name() + ": expected " + (c.commits() ? "commit" : "conflict"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * A concurrent delete is a write too: deleting a row a predicate read saw (or a key a get
     * found) fails a SER reader that then writes; a delete outside what it read does not.
     *
     * <pre>
     * T1: begin; sum item/* -> 30 (item/1, item/2; sweeps ["item/", "z"])
     *                              db.delete item/2   (or: db.delete a key outside the range)
     * T1: put total = 30; commit -- SER: fails (item/2 inside the range); SI: ok
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void concurrentDeletesAreWritesToo(IsolationLevel level) {
        items();
        db.put(b("zz"), b("outside"));
        try (Transaction t1 = db.begin(level)) {
            assertEquals(30, sum(t1, "item/", "item0"));
            db.delete(b("zz")); // beyond "z", where the scan stopped: outside the range
            put(t1, "total", "30");
            t1.commit();
        }
        try (Transaction t1 = db.begin(level)) {
            assertEquals(30, sum(t1, "item/", "item0"));
            assertEquals("end", get(t1, "z"));
            db.delete(b("item/2"));
            put(t1, "total", "30");
            if (ser(level)) {
                String msg = conflict(t1).getMessage();
                assertTrue(msg.contains("key \"item/2\""), msg);
                assertEquals("30", get("total"));
            } else {
                t1.commit();
            }
        }
        try (Transaction t1 = db.begin(level)) {
            assertEquals("end", get(t1, "z"));
            db.delete(b("z"));
            put(t1, "total", "10");
            if (ser(level)) {
                String msg = conflict(t1).getMessage();
                assertTrue(msg.contains("read-write conflict on key \"z\""), msg);
            } else {
                t1.commit();
            }
        }
    }

    /**
     * Reads of the transaction's own writes depend on nothing committed by others; a key it read
     * from the snapshot before writing it still does.
     */
    @Test
    void readsOfOwnWritesAreNotDependencies() {
        try (Transaction t = db.begin()) {
            put(t, "1", "11");
            assertEquals("11", get(t, "1"));
            db.put(b("1"), b("12"));
            t.commit(); // serial order: the plain put, then t
            assertEquals("11", get("1"));
        }
        try (Transaction t = db.begin()) {
            assertEquals("11", get(t, "1"));
            put(t, "1", "13");
            db.put(b("1"), b("14"));
            conflict(t);
            assertEquals("14", get("1"));
        }
    }

    /** Commit sequences give the serial order: increasing with each commit, after the snapshot. */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void commitSequencesAreTheSerialOrder(IsolationLevel level) {
        try (Transaction t1 = db.begin(level); Transaction t2 = db.begin(level); Transaction t3 = db.begin(level)) {
            assertEquals(t1.snapshotSequence(), t2.snapshotSequence());
            assertEquals(-1, t1.commitSequence());
            put(t2, "b", "1");
            put(t1, "a", "1");
            t2.commit();
            db.put(b("c"), b("1"));
            t1.commit();
            assertTrue(t2.commitSequence() > t2.snapshotSequence());
            assertTrue(t1.commitSequence() > t2.commitSequence() + 1, "the plain put committed in between");
            get(t3, "a");
            t3.commit();
            assertEquals(-1, t3.commitSequence());
            try (Transaction t4 = db.begin(level)) {
                assertEquals(t1.commitSequence(), t4.snapshotSequence());
            }
        }
    }

    /**
     * runInTransaction retries a conflicting body on a fresh snapshot (the second attempt sees
     * the write that failed the first) and gives up after maxAttempts with the last conflict.
     */
    @ParameterizedTest
    @EnumSource(IsolationLevel.class)
    void runInTransactionRetriesOnAFreshSnapshot(IsolationLevel level) {
        AtomicInteger attempts = new AtomicInteger();
        String result = db.runInTransaction(level, 5, tx -> {
            String seen = s(tx.get(b("1")));
            if (attempts.incrementAndGet() == 1) {
                db.put(b("1"), b("99")); // a concurrent commit between the read and the commit
            }
            tx.put(b("1"), num(num(b(seen)) + 1));
            return seen;
        });
        assertEquals(2, attempts.get());
        assertEquals("99", result);
        assertEquals("100", get("1"));

        attempts.set(0);
        ConflictException e = assertThrows(ConflictException.class, () -> db.runInTransaction(level, 3, tx -> {
            attempts.incrementAndGet();
            tx.put(b("1"), num(num(tx.get(b("1"))) + 1));
            db.put(b("1"), b("0"));
            return null;
        }));
        assertEquals(3, attempts.get());
        assertTrue(e.getMessage().contains("\"1\""), e.getMessage());
        assertEquals("0", get("1"));
    }
}
