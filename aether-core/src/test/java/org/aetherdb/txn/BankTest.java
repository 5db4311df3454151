package org.aetherdb.txn;

import static org.aetherdb.txn.TxnDb.b;
import static org.aetherdb.txn.TxnDb.num;
import static org.aetherdb.txn.TxnDb.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Options;
import org.aetherdb.Transaction;
import org.aetherdb.WriteBatch;
import org.aetherdb.io.NioFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank: concurrent transfers between accounts through {@link AetherDB#runInTransaction},
 * each checking a balance rule inside the transaction, while an auditor sums every balance in
 * read-only transactions. Money is neither created nor destroyed (every audit and the end state
 * see exactly the initial total) and the rule is never broken.
 *
 * <p>Two rules. "Single": a transfer happens only if the source account stays {@code >= 0}; the
 * source is read and written, so even SNAPSHOT keeps it. "Pair": accounts come in pairs (a
 * joint customer) and a withdrawal from either account of a pair is allowed only if the sum of the
 * pair stays {@code >= 0}; two concurrent withdrawals from the two accounts of one pair read the
 * same two balances and write different ones, the write-skew trap: SERIALIZABLE must keep the
 * rule, SNAPSHOT breaks it.
 */
class BankTest {
    private static final int ACCOUNTS = 20;
    private static final long INITIAL = 100;
    private static final long TOTAL = ACCOUNTS * INITIAL;

    private static byte[] acct(int i) {
        return b(String.format("acct/%02d", i));
    }

    /** The pair of account {@code i}: 0-1, 2-3, ... */
    private static int partner(int i) {
        return i ^ 1;
    }

    private enum Rule { SINGLE, PAIR }

    /** What a run saw. */
    private record Outcome(long transfers, long refused, long attempts, long audits, List<String> violations, long[] finalBalances) {
        long minPairSum() {
            long min = Long.MAX_VALUE;
            for (int i = 0; i < finalBalances.length; i += 2) {
                min = Math.min(min, finalBalances[i] + finalBalances[i + 1]);
            }
            return min;
        }
    }

    /**
     * Runs {@code transfers} transfer attempts on {@code threads} threads at {@code level} under
     * {@code rule}, with a concurrent auditor; returns what happened. {@code thinkNanos} is a pause
     * between a transfer's reads and its writes (a wider window for concurrent transfers).
     */
    private static Outcome run(AetherDB db, IsolationLevel level, Rule rule, int threads, int transfers, long seed, long thinkNanos)
            throws InterruptedException {
        WriteBatch init = new WriteBatch();
        for (int i = 0; i < ACCOUNTS; i++) {
            init.put(acct(i), num(INITIAL));
        }
        db.write(init);

        AtomicLong done = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        AtomicLong audits = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();

        Thread auditor = new Thread(() -> {
            try {
                while (!stop.get()) {
                    audit(db, level, rule, violations, audits.incrementAndGet());
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        }, "auditor");
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Random r = new Random(seed * 31 + w);
            int mine = transfers / threads + (w < transfers % threads ? 1 : 0);
            workers.add(new Thread(() -> {
                try {
                    for (int n = 0; n < mine; n++) {
                        int src = r.nextInt(ACCOUNTS);
                        int dst = r.nextInt(ACCOUNTS - 1);
                        dst = dst >= src ? dst + 1 : dst;
                        long amount = 1 + r.nextInt(rule == Rule.SINGLE ? 60 : 100);
                        int from = src;
                        int to = dst;
                        boolean moved = db.runInTransaction(level, 10_000, tx -> {
                            attempts.incrementAndGet();
                            return transfer(tx, rule, from, to, amount, thinkNanos);
                        });
                        (moved ? done : refused).incrementAndGet();
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "transfer-" + w));
        }
        auditor.start();
        workers.forEach(Thread::start);
        for (Thread t : workers) {
            t.join();
        }
        stop.set(true);
        auditor.join();
        if (!errors.isEmpty()) {
            AssertionError e = new AssertionError("a thread failed: " + errors.peek(), errors.peek());
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        audit(db, level, rule, violations, audits.incrementAndGet());
        long[] balances = new long[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            balances[i] = num(db.get(acct(i)));
        }
        return new Outcome(done.get(), refused.get(), attempts.get(), audits.get(), new ArrayList<>(violations), balances);
    }

    /** One transfer attempt; false when the rule refuses it (the transaction then writes nothing). */
    private static boolean transfer(Transaction tx, Rule rule, int src, int dst, long amount, long thinkNanos) {
        long from = num(tx.get(acct(src)));
        long allowed = rule == Rule.SINGLE ? from : from + num(tx.get(acct(partner(src))));
        if (thinkNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(thinkNanos);
        }
        if (allowed < amount) {
            return false;
        }
        long to = num(tx.get(acct(dst)));
        tx.put(acct(src), num(from - amount));
        tx.put(acct(dst), num(to + amount));
        return true;
    }

    /** A read-only transaction summing every balance through a cursor; records what is wrong. */
    private static void audit(AetherDB db, IsolationLevel level, Rule rule, ConcurrentLinkedQueue<String> violations, long n) {
        try (Transaction tx = db.begin(level)) {
            long[] bal = new long[ACCOUNTS];
            int count = 0;
            long total = 0;
            try (Cursor c = tx.newCursor()) {
                for (c.seek(b("acct/")); c.isValid() && s(c.key()).startsWith("acct/"); c.next()) {
                    int i = Integer.parseInt(s(c.key()).substring(5));
                    bal[i] = num(c.value());
                    total += bal[i];
                    count++;
                }
            }
            tx.commit(); // read-only: never fails
            String at = "audit " + n + " at snapshot " + tx.snapshotSequence() + ": ";
            if (count != ACCOUNTS) {
                violations.add(at + count + " accounts");
            }
            if (total != TOTAL) {
                violations.add(at + "total " + total);
            }
            for (int i = 0; i < ACCOUNTS; i++) {
                if (rule == Rule.SINGLE && bal[i] < 0) {
                    violations.add(at + "account " + i + " = " + bal[i]);
                }
                if (rule == Rule.PAIR && i % 2 == 0 && bal[i] + bal[i + 1] < 0) {
                    violations.add(at + "pair " + i + "+" + (i + 1) + " = " + bal[i] + " + " + bal[i + 1]);
                }
            }
        }
    }

    private static void assertClean(Outcome o, int transfers) {
        assertEquals(List.of(), o.violations.stream().limit(20).toList(), o.violations.size() + " violations");
        assertEquals(transfers, o.transfers + o.refused);
        long total = 0;
        for (long v : o.finalBalances) {
            total += v;
        }
        assertEquals(TOTAL, total);
        assertTrue(o.transfers > transfers / 4, "most transfers should be allowed: " + o.transfers);
        assertTrue(o.audits > 1, "the auditor ran concurrently: " + o.audits);
    }

    private static String describe(String name, Outcome o, long startNanos) {
        return String.format("%s: %d transfers, %d refused by the rule, %d attempts (%d conflicts), %d audits, %d violations, %d ms",
                name, o.transfers, o.refused, o.attempts, o.attempts - o.transfers - o.refused, o.audits, o.violations.size(),
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    @Test
    void transfersKeepTheTotalAndNoBalanceNegative() throws InterruptedException {
        long t0 = System.nanoTime();
        try (AetherDB db = TxnDb.openMem()) {
            Outcome o = run(db, IsolationLevel.SERIALIZABLE, Rule.SINGLE, 6, 20_000, 1, 0);
            System.out.println(describe("single rule, SERIALIZABLE", o, t0));
            assertClean(o, 20_000);
            for (long v : o.finalBalances) {
                assertTrue(v >= 0, "negative balance " + v);
            }
            assertTrue(o.attempts > o.transfers + o.refused, "with 6 threads on 20 accounts some transfers must have conflicted");
        }
    }

    /** The write-skew trap: the rule is on the sum of two accounts, each withdrawal writes one. */
    @Test
    void pairRuleHoldsUnderSerializable() throws InterruptedException {
        long t0 = System.nanoTime();
        try (AetherDB db = TxnDb.openMem()) {
            Outcome o = run(db, IsolationLevel.SERIALIZABLE, Rule.PAIR, 6, 20_000, 2, 0);
            System.out.println(describe("pair rule, SERIALIZABLE", o, t0));
            assertClean(o, 20_000);
            assertTrue(o.minPairSum() >= 0, "a pair went negative: " + java.util.Arrays.toString(o.finalBalances));
        }
    }

    /**
     * The same pair workload with a short pause between reading and writing, under SNAPSHOT:
     * the total is still kept (every transfer writes both its accounts), but the pair rule is
     * broken by write skew. Under SERIALIZABLE the same run keeps it.
     */
    @Test
    void pairRuleBreaksUnderSnapshotButNotUnderSerializable() throws InterruptedException {
        for (IsolationLevel level : IsolationLevel.values()) {
            long t0 = System.nanoTime();
            try (AetherDB db = TxnDb.openMem()) {
                Outcome o = run(db, level, Rule.PAIR, 8, 4_000, 3, 20_000);
                System.out.println(describe("pair rule with think time, " + level, o, t0));
                long total = 0;
                for (long v : o.finalBalances) {
                    total += v;
                }
                assertEquals(TOTAL, total, "money must be conserved at both levels");
                boolean broken = o.minPairSum() < 0 || o.violations.stream().anyMatch(v -> v.contains("pair"));
                if (level == IsolationLevel.SERIALIZABLE) {
                    assertClean(o, 4_000);
                } else {
                    assertTrue(broken, "SNAPSHOT was expected to let write skew break the pair rule");
                    assertTrue(o.violations.stream().noneMatch(v -> v.contains("total")), "audits must still see the total");
                }
            }
        }
    }

    /**
     * The single-rule bank on real files with SYNC commits: fsyncs make commit groups of several
     * transactions, so validation inside one group (a later member against an earlier one) is
     * exercised.
     */
    @Test
    void transfersOnDiskWithGroupCommit(@TempDir Path tmp) throws InterruptedException {
        long t0 = System.nanoTime();
        Options options = Options.builder().fileIO(NioFileIO.INSTANCE).pageSize(4096).durability(Durability.SYNC).build();
        long[] before;
        try (AetherDB db = AetherDB.open(tmp.resolve("bank"), options)) {
            long commitsBefore = db.stats().commits();
            long syncsBefore = db.stats().logSyncs();
            Outcome o = run(db, IsolationLevel.SERIALIZABLE, Rule.PAIR, 8, 3_000, 4, 0);
            System.out.println(describe("pair rule on disk, SYNC", o, t0) + ", commits " + (db.stats().commits() - commitsBefore)
                    + ", log syncs " + (db.stats().logSyncs() - syncsBefore));
            assertClean(o, 3_000);
            assertTrue(o.minPairSum() >= 0);
            before = o.finalBalances;
        }
        try (AetherDB db = AetherDB.open(tmp.resolve("bank"), options)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                assertEquals(before[i], num(db.get(acct(i))), "account " + i + " after reopening");
            }
        }
    }
}
