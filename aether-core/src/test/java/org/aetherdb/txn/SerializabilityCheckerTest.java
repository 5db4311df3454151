package org.aetherdb.txn;

import static org.aetherdb.txn.TxnDb.b;
import static org.aetherdb.txn.TxnDb.num;
import static org.aetherdb.txn.TxnDb.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A serializability checker in the manner of Adya's direct serialization graph (and of Elle /
 * Cobra, on a workload whose values say who wrote them): a random concurrent workload on a tiny
 * key space records, for every committed transaction, which version of each key it read (the id
 * of the transaction that wrote it, 0 for the initial or absent version) and which keys it wrote.
 * Because every write puts its writer's id, and the version order of a key is the commit order of
 * its writers, the dependency graph is fully known:
 *
 * <ul>
 *   <li>ww: each writer of a key to the next writer of that key;
 *   <li>wr: the writer of the version a transaction read to that transaction;
 *   <li>rw (anti-dependency): a reader of a version to the writer of the key's next version.
 * </ul>
 *
 * <p>SERIALIZABLE promises that committed transactions are equivalent to their serial execution
 * in commit order, read-only ones at their snapshot (docs/TRANSACTIONS.md, "The serial order"). The checker therefore asserts
 * the strong form: every edge goes forward in that order (which also makes the graph acyclic) and
 * the final state is the last writer of each key. It also checks snapshot reads at both levels
 * (each read sees the last version committed at or before the snapshot) and, at SNAPSHOT, that
 * no two overlapping transactions wrote the same key (first committer wins).
 *
 * <p>The same workload at SNAPSHOT must make the checker find cycles (write skew), which shows
 * the checker is able to fail.
 */
class SerializabilityCheckerTest {
    private static final int KEYS = 16;

    private static byte[] key(int k) {
        return b(String.format("k%02d", k));
    }

    private static int keyIndex(byte[] key) {
        return Integer.parseInt(s(key).substring(1));
    }

    /** A committed transaction: what it read (key -> writer id), what it wrote, and where it lies in the serial order. */
    record Txn(long id, long commitSeq, long snapshotSeq, Map<Integer, Long> reads, TreeSet<Integer> writes, boolean scanned,
            IsolationLevel level) {
        Txn(long id, long commitSeq, long snapshotSeq, Map<Integer, Long> reads, TreeSet<Integer> writes, boolean scanned) {
            this(id, commitSeq, snapshotSeq, reads, writes, scanned, IsolationLevel.SERIALIZABLE);
        }

        boolean readOnly() {
            return writes.isEmpty();
        }

        /** Position in the serial order: a writer at its commit, a read-only transaction just after its snapshot. */
        long pos() {
            return readOnly() ? 2 * snapshotSeq + 1 : 2 * commitSeq;
        }
    }

    record Edge(Txn from, Txn to, String kind, int key) {
        @Override
        public String toString() {
            return "T" + from.id() + " -" + kind + "(k" + key + ")-> T" + to.id();
        }
    }

    /** What one workload run produced. */
    record History(List<Txn> txns, Map<Integer, Long> finalState, long attempts, long conflicts, long millis) {}

    // ---------------------------------------------------------------------------------------------
    // The workload

    private static History runWorkload(AetherDB db, IsolationLevel level, int threads, int txnCount, long seed) throws InterruptedException {
        return runWorkload(db, new IsolationLevel[] {level}, threads, txnCount, seed, List.of());
    }

    /**
     * Runs {@code txnCount} transactions on {@code threads} threads, while each of
     * {@code background} runs over and over on a thread of its own until they are done.
     */
    private static History runWorkload(AetherDB db, IsolationLevel level, int threads, int txnCount, long seed, List<Runnable> background)
            throws InterruptedException {
        return runWorkload(db, new IsolationLevel[] {level}, threads, txnCount, seed, background);
    }

    /** As above; worker {@code w} runs its transactions at {@code levels[w % levels.length]}. */
    private static History runWorkload(AetherDB db, IsolationLevel[] levels, int threads, int txnCount, long seed, List<Runnable> background)
            throws InterruptedException {
        WriteBatch init = new WriteBatch();
        for (int k = 0; k < KEYS; k += 2) {
            init.put(key(k), num(0)); // even keys start present, odd ones absent: both are version 0
        }
        db.write(init);
        long t0 = System.nanoTime();
        AtomicLong ids = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        AtomicInteger remaining = new AtomicInteger(txnCount);
        ConcurrentLinkedQueue<Txn> committed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Random r = new Random(seed * 1000 + w);
            IsolationLevel level = levels[w % levels.length];
            workers.add(new Thread(() -> {
                try {
                    boolean sync = db.options().durability() == Durability.SYNC;
                    while (remaining.getAndDecrement() > 0) {
                        Txn t = db.runInTransaction(level, 100_000, tx -> {
                            attempts.incrementAndGet();
                            return body(tx, ids.incrementAndGet(), r);
                        });
                        // SYNC: durable when commit returns.
                        if (sync && t.commitSeq() > 0 && db.stats().durableSequence() < t.commitSeq()) {
                            throw new AssertionError("T" + t.id() + " committed at " + t.commitSeq() + " under SYNC but the durable sequence is "
                                    + db.stats().durableSequence());
                        }
                        committed.add(t);
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "worker-" + w));
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> others = new ArrayList<>();
        for (Runnable b : background) {
            others.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        b.run();
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "background"));
        }
        others.forEach(Thread::start);
        workers.forEach(Thread::start);
        for (Thread t : workers) {
            t.join();
        }
        stop.set(true);
        for (Thread t : others) {
            t.join();
        }
        if (!errors.isEmpty()) {
            AssertionError e = new AssertionError("a worker failed: " + errors.peek(), errors.peek());
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        Map<Integer, Long> finalState = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            byte[] v = db.get(key(k));
            finalState.put(k, v == null ? 0 : num(v));
        }
        List<Txn> txns = new ArrayList<>(committed);
        return new History(txns, finalState, attempts.get(), attempts.get() - txns.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * One transaction: 1-4 gets, sometimes a full scan, and 0-3 puts of its own id, in random
     * order, then commit. Reads of the transaction's own writes are not reads of a version.
     */
    private static Txn body(Transaction tx, long id, Random r) {
        Map<Integer, Long> reads = new TreeMap<>();
        TreeSet<Integer> writes = new TreeSet<>();
        List<Character> ops = new ArrayList<>();
        int gets = 1 + r.nextInt(4);
        int puts = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(3);
        boolean scan = r.nextInt(4) == 0;
        for (int i = 0; i < gets; i++) {
            ops.add('g');
        }
        for (int i = 0; i < puts; i++) {
            ops.add('p');
        }
        if (scan) {
            ops.add('s');
        }
        Collections.shuffle(ops, r);
        for (char op : ops) {
            if (r.nextInt(3) == 0) {
                Thread.yield(); // more interleavings of concurrent transactions on few cores
            }
            switch (op) {
                case 'g' -> {
                    int k = r.nextInt(KEYS);
                    byte[] v = tx.get(key(k));
                    read(reads, writes, id, k, v == null ? 0 : num(v));
                }
                case 'p' -> {
                    int k = r.nextInt(KEYS);
                    tx.put(key(k), num(id));
                    writes.add(k);
                }
                default -> {
                    long[] seen = new long[KEYS];
                    try (Cursor c = tx.newCursor()) {
                        // All keys starting with "k" (other keys may exist: noise). Half of
                        // the scans go backward; the swept range is recorded either way.
                        if (r.nextBoolean()) {
                            for (c.seek(b("k")); c.isValid() && c.key()[0] == 'k'; c.next()) {
                                seen[keyIndex(c.key())] = num(c.value());
                            }
                        } else {
                            for (c.seekForPrev(b("k~")); c.isValid() && c.key()[0] == 'k'; c.prev()) {
                                seen[keyIndex(c.key())] = num(c.value());
                            }
                        }
                    }
                    for (int k = 0; k < KEYS; k++) {
                        read(reads, writes, id, k, seen[k]);
                    }
                }
            }
        }
        tx.commit();
        return new Txn(id, tx.commitSequence(), tx.snapshotSequence(), reads, writes, scan, tx.isolationLevel());
    }

    private static void read(Map<Integer, Long> reads, TreeSet<Integer> writes, long id, int k, long writer) {
        if (writes.contains(k)) {
            if (writer != id) {
                throw new AssertionError("T" + id + " read k" + k + " = T" + writer + " after writing it itself");
            }
            return;
        }
        Long before = reads.putIfAbsent(k, writer);
        if (before != null && before != writer) {
            throw new AssertionError("T" + id + " read k" + k + " twice and saw T" + before + " then T" + writer + " (non-repeatable read)");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The checker

    /** What the checker found; empty lists for a serializable history. */
    record Verdict(int edges, List<String> backwardEdges, List<Edge> cycle, List<String> otherViolations, List<String> serializableReadsOutOfOrder) {
        boolean serializable() {
            return backwardEdges.isEmpty() && cycle.isEmpty() && otherViolations.isEmpty();
        }
    }

    static Verdict check(History h) {
        List<String> other = new ArrayList<>();
        Map<Long, Txn> byId = new HashMap<>();
        for (Txn t : h.txns()) {
            byId.put(t.id(), t);
            if (t.readOnly() != (t.commitSeq() == -1)) {
                other.add("T" + t.id() + ": commitSequence " + t.commitSeq() + " but " + t.writes().size() + " writes");
            }
        }
        // Version order of each key: its writers in commit order, after the initial version 0.
        Map<Integer, List<Txn>> versions = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            versions.put(k, new ArrayList<>());
        }
        List<Txn> writers = h.txns().stream().filter(t -> !t.readOnly()).sorted((a, b) -> Long.compare(a.commitSeq(), b.commitSeq())).toList();
        for (int i = 1; i < writers.size(); i++) {
            if (writers.get(i).commitSeq() == writers.get(i - 1).commitSeq()) {
                other.add("T" + writers.get(i).id() + " and T" + writers.get(i - 1).id() + " share commit sequence " + writers.get(i).commitSeq());
            }
        }
        Map<Integer, Map<Txn, Integer>> versionIndex = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            versionIndex.put(k, new IdentityHashMap<>());
        }
        for (Txn w : writers) {
            for (int k : w.writes()) {
                versionIndex.get(k).put(w, versions.get(k).size());
                versions.get(k).add(w);
            }
        }
        // Final state = last writer of each key.
        for (int k = 0; k < KEYS; k++) {
            List<Txn> vs = versions.get(k);
            long expected = vs.isEmpty() ? 0 : vs.get(vs.size() - 1).id();
            if (h.finalState().get(k) != expected) {
                other.add("final k" + k + " = T" + h.finalState().get(k) + ", expected last writer T" + expected);
            }
        }

        List<Edge> edges = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            List<Txn> vs = versions.get(k);
            for (int i = 1; i < vs.size(); i++) {
                edges.add(new Edge(vs.get(i - 1), vs.get(i), "ww", k));
            }
        }
        for (Txn t : h.txns()) {
            for (Map.Entry<Integer, Long> e : t.reads().entrySet()) {
                int k = e.getKey();
                long w = e.getValue();
                List<Txn> vs = versions.get(k);
                int index; // index in vs of the first version after the one read
                if (w == 0) {
                    index = 0;
                } else {
                    Txn writer = byId.get(w);
                    if (writer == null) {
                        other.add("T" + t.id() + " read k" + k + " = T" + w + ", which never committed (aborted or intermediate read)");
                        continue;
                    }
                    if (!writer.writes().contains(k)) {
                        other.add("T" + t.id() + " read k" + k + " = T" + w + ", which did not write k" + k);
                        continue;
                    }
                    edges.add(new Edge(writer, t, "wr", k));
                    index = versionIndex.get(k).get(writer) + 1;
                }
                // Snapshot reads: the version read is the last one committed at or before the snapshot.
                long readSeq = w == 0 ? Long.MIN_VALUE : byId.get(w).commitSeq();
                Txn next = index < vs.size() ? vs.get(index) : null;
                if (readSeq > t.snapshotSeq() || (next != null && next.commitSeq() <= t.snapshotSeq())) {
                    other.add("T" + t.id() + " (snapshot " + t.snapshotSeq() + ") read k" + k + " = T" + w + " committed at " + readSeq
                            + (next == null ? "" : ", but T" + next.id() + " committed the next version at " + next.commitSeq()));
                }
                if (next != null && next != t) { // t itself writing the next version is no anti-dependency
                    edges.add(new Edge(t, next, "rw", k));
                }
            }
        }
        // SNAPSHOT's first committer wins: no writer of a key committed between the snapshot and
        // the commit of a SNAPSHOT transaction that also wrote it.
        for (int k = 0; k < KEYS; k++) {
            List<Txn> vs = versions.get(k);
            for (int i = 1; i < vs.size(); i++) {
                Txn prev = vs.get(i - 1);
                Txn cur = vs.get(i);
                if (cur.level() == IsolationLevel.SNAPSHOT && prev.commitSeq() > cur.snapshotSeq()) {
                    other.add("lost update on k" + k + ": T" + cur.id() + " (snapshot " + cur.snapshotSeq() + ") committed after T"
                            + prev.id() + " (commit " + prev.commitSeq() + ") wrote it");
                }
            }
        }

        List<String> backward = new ArrayList<>();
        List<String> serReads = new ArrayList<>();
        for (Edge e : edges) {
            if (e.from().pos() >= e.to().pos()) {
                String why = e + " but T" + e.from().id() + " is at " + describePos(e.from()) + " and T" + e.to().id() + " at " + describePos(e.to());
                backward.add(why);
                // A SERIALIZABLE transaction's own reads: what it read was current at its position.
                if ((e.kind().equals("wr") && e.to().level() == IsolationLevel.SERIALIZABLE)
                        || (e.kind().equals("rw") && e.from().level() == IsolationLevel.SERIALIZABLE)) {
                    serReads.add(why);
                }
            }
        }
        return new Verdict(edges.size(), backward, findCycle(h.txns(), edges), other, serReads);
    }

    private static String describePos(Txn t) {
        return t.readOnly() ? "snapshot " + t.snapshotSeq() + " (read-only)" : "commit " + t.commitSeq();
    }

    /** A cycle of the graph, or an empty list when it is acyclic (iterative depth-first search). */
    static List<Edge> findCycle(List<Txn> txns, List<Edge> edges) {
        Map<Txn, List<Edge>> out = new IdentityHashMap<>();
        for (Edge e : edges) {
            out.computeIfAbsent(e.from(), x -> new ArrayList<>()).add(e);
        }
        Map<Txn, Integer> state = new IdentityHashMap<>(); // absent: unvisited, 1: on the stack, 2: done
        for (Txn root : txns) {
            if (state.containsKey(root)) {
                continue;
            }
            ArrayDeque<Edge> path = new ArrayDeque<>();
            ArrayDeque<java.util.Iterator<Edge>> stack = new ArrayDeque<>();
            state.put(root, 1);
            stack.push(out.getOrDefault(root, List.of()).iterator());
            while (!stack.isEmpty()) {
                java.util.Iterator<Edge> it = stack.peek();
                if (!it.hasNext()) {
                    stack.pop();
                    Txn done = path.isEmpty() ? root : path.pop().to();
                    state.put(done, 2);
                    continue;
                }
                Edge e = it.next();
                Integer s = state.get(e.to());
                if (s == null) {
                    state.put(e.to(), 1);
                    path.push(e);
                    stack.push(out.getOrDefault(e.to(), List.of()).iterator());
                } else if (s == 1) {
                    List<Edge> cycle = new ArrayList<>();
                    cycle.add(e);
                    for (Edge p : path) { // innermost first
                        cycle.add(0, p);
                        if (p.from() == e.to()) {
                            break;
                        }
                    }
                    // Drop the prefix of the path before the cycle's start.
                    while (cycle.get(0).from() != e.to()) {
                        cycle.remove(0);
                    }
                    return cycle;
                }
            }
        }
        return List.of();
    }

    private static String summary(String name, History h, Verdict v) {
        long readOnly = h.txns().stream().filter(Txn::readOnly).count();
        long scans = h.txns().stream().filter(Txn::scanned).count();
        return String.format("%s: %d committed (%d read-only, %d with scans), %d attempts (%d conflicts), %d edges, %d backward edges, cycle %s, %d other violations, %d ms",
                name, h.txns().size(), readOnly, scans, h.attempts(), h.conflicts(), v.edges(), v.backwardEdges().size(),
                v.cycle().isEmpty() ? "none" : v.cycle().size() + " long: " + v.cycle(), v.otherViolations().size(), h.millis());
    }

    private static void assertSerializable(String name, History h, int expected) {
        Verdict v = check(h);
        System.out.println(summary(name, h, v));
        assertEquals(expected, h.txns().size());
        assertEquals(List.of(), v.otherViolations().stream().limit(20).toList());
        assertEquals(List.of(), v.backwardEdges().stream().limit(20).toList(), v.backwardEdges().size() + " edges go backward in the serial order");
        assertEquals(List.of(), v.cycle(), "the dependency graph has a cycle");
        assertTrue(h.conflicts() > 0, "the workload is meant to conflict");
    }

    // ---------------------------------------------------------------------------------------------
    // The tests

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void serializableHistoriesAreSerializableInCommitOrder() throws InterruptedException {
        try (AetherDB db = TxnDb.openMem()) {
            History h = runWorkload(db, IsolationLevel.SERIALIZABLE, 4, 5000, 1);
            assertSerializable("SERIALIZABLE in memory", h, 5000);
        }
    }

    /** The same on real files with SYNC commits: commit groups hold several transactions validated one after the other. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void serializableWithGroupCommitOnDisk(@TempDir Path tmp) throws InterruptedException {
        Options options = Options.builder().fileIO(NioFileIO.INSTANCE).pageSize(4096).durability(Durability.SYNC).build();
        try (AetherDB db = AetherDB.open(tmp.resolve("db"), options)) {
            long syncs = db.stats().logSyncs();
            History h = runWorkload(db, IsolationLevel.SERIALIZABLE, 8, 1500, 2);
            long commits = h.txns().stream().filter(t -> !t.readOnly()).count();
            System.out.println("on disk: " + commits + " writing commits in " + (db.stats().logSyncs() - syncs) + " log syncs");
            assertSerializable("SERIALIZABLE on disk, SYNC", h, 1500);
        }
    }

    /**
     * With a noise writer committing plain puts of ever new keys outside the checked key space
     * (so the conflict index passes its pruning threshold over and over while transactions are
     * open) and, on disk, checkpoints taking the commit lock: validation must stay exact across
     * pruning and the commit pipeline must not lose a wake-up.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void serializableWhileTheConflictIndexPrunesAndCheckpointsRun(@TempDir Path tmp) throws InterruptedException {
        AtomicLong noise = new AtomicLong();
        try (AetherDB db = TxnDb.openMem()) {
            History h = runWorkload(db, IsolationLevel.SERIALIZABLE, 4, 5000, 3,
                    List.of(() -> db.put(b(String.format("z%09d", noise.incrementAndGet())), b("noise"))));
            System.out.println("noise: " + noise.get() + " plain puts of distinct keys");
            assertTrue(noise.get() > 4096, "the noise must pass the pruning threshold: " + noise.get());
            assertSerializable("SERIALIZABLE in memory with noise", h, 5000);
        }
        Options options = Options.builder().fileIO(NioFileIO.INSTANCE).pageSize(4096).durability(Durability.SYNC).build();
        AtomicLong checkpoints = new AtomicLong();
        try (AetherDB db = AetherDB.open(tmp.resolve("db"), options)) {
            History h = runWorkload(db, IsolationLevel.SERIALIZABLE, 8, 1500, 4, List.of(
                    () -> {
                        db.checkpoint();
                        checkpoints.incrementAndGet();
                        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                    },
                    () -> db.write(new WriteBatch().put(b(String.format("z%09d", noise.incrementAndGet())), b("noise")))));
            System.out.println("on disk: " + checkpoints.get() + " checkpoints during the run");
            assertSerializable("SERIALIZABLE on disk with noise and checkpoints", h, 1500);
        }
    }

    /**
     * SERIALIZABLE and SNAPSHOT transactions mixed: the history as a whole may have cycles (the
     * SNAPSHOT ones admit write skew), but every SERIALIZABLE transaction still read exactly the
     * state at its position in commit order (its incoming wr and outgoing rw edges go forward),
     * and the SNAPSHOT ones keep first-committer-wins.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void mixedLevelsKeepTheSerializableOnesInOrder() throws InterruptedException {
        try (AetherDB db = TxnDb.openMem()) {
            History h = runWorkload(db, new IsolationLevel[] {IsolationLevel.SERIALIZABLE, IsolationLevel.SNAPSHOT}, 4, 4000, 5, List.of());
            Verdict v = check(h);
            System.out.println(summary("mixed levels", h, v) + ", " + v.serializableReadsOutOfOrder().size() + " SERIALIZABLE reads out of order");
            assertEquals(4000, h.txns().size());
            assertEquals(List.of(), v.otherViolations().stream().limit(20).toList());
            assertEquals(List.of(), v.serializableReadsOutOfOrder().stream().limit(20).toList());
            assertTrue(h.txns().stream().anyMatch(t -> t.level() == IsolationLevel.SNAPSHOT)
                    && h.txns().stream().anyMatch(t -> t.level() == IsolationLevel.SERIALIZABLE));
        }
    }

    /** The checker on small hand-made histories: it finds a write-skew cycle and accepts its serial counterpart. */
    @Test
    void checkerSelfTest() {
        // T1 and T2 both read k0 and k1 at snapshot 1 (initial versions) and write one each: write skew.
        Txn t1 = new Txn(1, 2, 1, Map.of(0, 0L, 1, 0L), new TreeSet<>(List.of(0)), false);
        Txn t2 = new Txn(2, 3, 1, Map.of(0, 0L, 1, 0L), new TreeSet<>(List.of(1)), false);
        Map<Integer, Long> fin = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            fin.put(k, 0L);
        }
        fin.put(0, 1L);
        fin.put(1, 2L);
        Verdict skew = check(new History(List.of(t1, t2), fin, 2, 0, 0));
        assertEquals(2, skew.cycle().size(), skew.toString());
        assertEquals(1, skew.backwardEdges().size(), skew.toString()); // T2 -rw(k0)-> T1
        assertEquals(1, skew.serializableReadsOutOfOrder().size(), skew.toString()); // both are SERIALIZABLE by default
        assertEquals(List.of(), skew.otherViolations());
        // Serial: T2 begins after T1 commits and sees its write.
        Txn t2s = new Txn(2, 3, 2, Map.of(0, 1L, 1, 0L), new TreeSet<>(List.of(1)), false);
        Verdict serial = check(new History(List.of(t1, t2s), fin, 2, 0, 0));
        assertTrue(serial.serializable(), serial.toString());
        // A read of a version newer than the snapshot, and one of a transaction that never committed.
        Txn bad = new Txn(3, -1, 1, Map.of(0, 1L, 2, 99L), new TreeSet<>(), false);
        Verdict v = check(new History(List.of(t1, t2s, bad), fin, 3, 0, 0));
        assertEquals(2, v.otherViolations().size(), v.toString());
        // A lost update at SNAPSHOT: T5 (snapshot 1) overwrote k0 after T1 (commit 2) wrote it.
        Txn t5 = new Txn(5, 4, 1, Map.of(), new TreeSet<>(List.of(0)), false, IsolationLevel.SNAPSHOT);
        fin.put(0, 5L);
        Verdict lost = check(new History(List.of(t1, t2s, t5), fin, 3, 0, 0));
        assertTrue(lost.otherViolations().stream().anyMatch(s -> s.startsWith("lost update on k0")), lost.toString());
    }

    /**
     * At SNAPSHOT the same workload is not serializable: the checker finds cycles (write skew),
     * while the SNAPSHOT guarantees themselves (snapshot reads, first committer wins) hold.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void snapshotHistoriesHaveCyclesTheCheckerFinds() throws InterruptedException {
        int runs = 4;
        int withCycles = 0;
        for (int seed = 10; seed < 10 + runs; seed++) {
            try (AetherDB db = TxnDb.openMem()) {
                History h = runWorkload(db, IsolationLevel.SNAPSHOT, 4, 2000, seed);
                Verdict v = check(h);
                System.out.println(summary("SNAPSHOT seed " + seed, h, v));
                assertEquals(List.of(), v.otherViolations().stream().limit(20).toList(), "SNAPSHOT's own guarantees");
                if (!v.cycle().isEmpty()) {
                    withCycles++;
                    assertTrue(v.cycle().stream().anyMatch(e -> e.kind().equals("rw")), "an SI cycle needs an anti-dependency: " + v.cycle());
                    assertTrue(!v.backwardEdges().isEmpty());
                }
            }
        }
        assertTrue(withCycles > 0, "no SNAPSHOT run produced a cycle in " + runs + " runs");
        System.out.println("SNAPSHOT runs with cycles: " + withCycles + " of " + runs);
    }
}
