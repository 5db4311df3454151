package org.aetherdb.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.aetherdb.AetherDB;
import org.aetherdb.ConflictException;
import org.aetherdb.Cursor;
import org.aetherdb.DatabaseClosedException;
import org.aetherdb.Durability;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Options;
import org.aetherdb.ReadOnlyException;
import org.aetherdb.SimAccess;
import org.aetherdb.Snapshot;
import org.aetherdb.StorageException;
import org.aetherdb.Transaction;
import org.aetherdb.VerifyReport;
import org.aetherdb.WriteBatch;
import org.aetherdb.io.MemFileIO;

/**
 * Deterministic simulation: one seed drives everything that could vary between runs. Several
 * simulated clients interleave their operations (puts, deletes, batches, gets, cursors, snapshots,
 * transactions at both isolation levels that stay open across other clients' steps, checkpoints,
 * close and reopen) on this one thread; the engine's background work (ASYNC fsync, timed and
 * requested checkpoints) runs when the seeded scheduler advances the simulated clock past its
 * period or picks it; I/O goes to a {@link MemFileIO} that fails the n-th call when a fault is
 * armed, and loses power ({@link MemFileIO#crash()}) or the process ({@link MemFileIO#processCrash()})
 * at seeded steps. Every result is compared with the {@link Model} at once; after every crash or
 * failure the database is reopened, its whole state must be a prefix of the committed history that
 * holds every durable commit, and {@code verify} must be clean.
 *
 * <p>The interleaving granularity is one API call: a background step never runs inside a client
 * call (on one thread it would re-enter the commit lock, which no real schedule can do); races
 * inside calls are the domain of Lincheck and the kill -9 tests.
 *
 * <p>On a failure the exception names the seed and step; running the seed again repeats the run
 * exactly (the {@link Trace} hash of every result and I/O call is the same, which a test checks).
 */
public final class Simulation {
    static final Path DIR = Path.of("/sim/db");
    private static final int PAGE = 4096;

    private final long seed;
    private final long steps;
    private final Random rnd;
    private final Trace trace = new Trace();
    private final SimEnvironment env;
    private final Model model = new Model();
    private final Client[] clients;
    private final int keyCount;
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private MemFileIO disk;
    private Options options;
    private AetherDB db;
    private long step;
    private boolean powerLostSinceOpen;

    // the armed fault: fail the n-th checked I/O call from now
    private long faultCountdown = -1;
    private long faultsFired;
    /** {@link #faultsFired} when the current instance was opened: a later failure may stem from an earlier fault. */
    private long faultsAtOpen;

    /** What a run did; {@link #hash} is the trace hash. */
    public record Result(long seed, long steps, long hash, long ioCalls, long events, Counts counts) {}

    /** Counters of what was exercised. */
    public static final class Counts {
        long ops, reads, commits, txCommits, conflicts, cursorSteps, snapshots, checkpoints, backgroundSteps, cleanReopens,
                powerLosses, processCrashes, faults, failedOpens, verifies;

        @Override
        public String toString() {
            return "ops=" + ops + " reads=" + reads + " commits=" + commits + " txCommits=" + txCommits + " conflicts=" + conflicts
                    + " cursorSteps=" + cursorSteps + " snapshots=" + snapshots + " checkpoints=" + checkpoints + " backgroundSteps="
                    + backgroundSteps + " cleanReopens=" + cleanReopens + " powerLosses=" + powerLosses + " processCrashes="
                    + processCrashes + " faults=" + faults + " failedOpens=" + failedOpens + " verifies=" + verifies;
        }
    }

    private final Counts counts = new Counts();

    public Simulation(long seed, long steps) {
        this(seed, steps, false);
    }

    /** Lying disk: {@code force} returns without making anything durable (the check must then fail). */
    private final boolean lyingDisk;

    Simulation(long seed, long steps, boolean lyingDisk) {
        this.lyingDisk = lyingDisk;
        this.seed = seed;
        this.steps = steps;
        this.rnd = new Random(seed);
        this.env = new SimEnvironment(seed);
        this.clients = new Client[2 + rnd.nextInt(4)];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new Client();
        }
        this.keyCount = 20 + rnd.nextInt(rnd.nextBoolean() ? 60 : 600);
    }

    /** Runs the simulation; throws {@link SimulationFailure} naming the seed and step on the first wrong result. */
    public Result run() {
        disk = new MemFileIO();
        disk.createDirectories(DIR);
        try {
            open(false);
            for (step = 1; step <= steps; step++) {
                long firedBefore = faultsFired;
                doStep();
                if (faultsFired != firedBefore) {
                    recoverAfterFault();
                }
            }
            closeClients();
            faultCountdown = -1;
            closeAndVerify();
        } catch (SimulationFailure f) {
            throw f;
        } catch (Throwable t) {
            throw failure("unexpected " + t, t);
        }
        return new Result(seed, steps, trace.hash(), trace.ioCalls(), trace.events(), counts);
    }

    /** Thrown on the first wrong result; the message says how to reproduce it. */
    public static final class SimulationFailure extends AssertionError {
        SimulationFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private SimulationFailure failure(String what, Throwable cause) {
        return new SimulationFailure("simulation seed=" + seed + " step=" + step + " (of " + steps + "): " + what
                + "\nlast operations:\n  " + String.join("\n  ", recent)
                + "\nreproduce: -Daether.sim.seed=" + seed + " -Daether.sim.steps=" + steps, cause);
    }

    private void note(String op) {
        if (recent.size() == 24) {
            recent.removeFirst();
        }
        recent.addLast(step + ": " + op);
        trace.add(op);
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw failure(what, null);
        }
    }

    // ---- the scheduler ----

    private void doStep() {
        int r = rnd.nextInt(10_000);
        if (r < 6_400) {
            clientStep(clients[rnd.nextInt(clients.length)]);
        } else if (r < 7_600) {
            timePasses();
        } else if (r < 7_750) {
            backgroundStepEarly();
        } else if (r < 7_950) {
            checkpoint();
        } else if (r < 7_990) {
            armFault(1 + rnd.nextInt(60));
        } else if (r < 8_010) {
            reopen(Crash.NONE);
        } else if (r < 8_025) {
            reopen(Crash.POWER);
        } else if (r < 8_035) {
            reopen(Crash.PROCESS);
        } else if (r < 8_100) {
            scanAll();
        } else {
            clientStep(clients[rnd.nextInt(clients.length)]);
        }
    }

    /** The simulated clock advances; every background worker whose period elapsed (or was woken) runs. */
    private void timePasses() {
        long period = options.asyncSyncDelay().toNanos();
        long dt = rnd.nextLong(2 * period + 1);
        env.advance(dt);
        note("time +" + dt / 1000 + "us");
        for (SimEnvironment.SimWorker w : new ArrayList<>(env.live())) {
            if (w.due()) {
                runWorker(w);
            }
        }
    }

    /** A background step at a seeded point (a real thread may run early, e.g. woken by a writer). */
    private void backgroundStepEarly() {
        for (SimEnvironment.SimWorker w : new ArrayList<>(env.live())) {
            runWorker(w);
        }
    }

    private void runWorker(SimEnvironment.SimWorker w) {
        long checkpointsBefore = db.stats().checkpoints();
        long fired = faultsFired;
        note("background step");
        w.runStep();
        counts.backgroundSteps++;
        if (faultsFired == fired) {
            // No I/O failed: an ASYNC force or a checkpoint ran to completion.
            if (db.stats().checkpoints() != checkpointsBefore || options.durability() == Durability.ASYNC) {
                model.allDurable();
            }
        }
    }

    private void checkpoint() {
        note("checkpoint");
        long fired = faultsFired;
        try {
            db.checkpoint();
            counts.checkpoints++;
            model.allDurable();
        } catch (RuntimeException e) {
            requireFaultFailure(e, fired);
        }
    }

    private void armFault(int n) {
        faultCountdown = n;
        note("arm fault at I/O call +" + n);
    }

    private boolean injectFault(MemFileIO.Op op) {
        if (faultCountdown < 0 || --faultCountdown > 0) {
            return false;
        }
        faultCountdown = -1;
        faultsFired++;
        counts.faults++;
        note("FAULT " + op);
        return true;
    }

    /** An operation during which a fault fired must fail with a clean exception caused by it. */
    private void requireFaultFailure(RuntimeException e, long firedBefore) {
        if (faultsFired == firedBefore && faultsFired == faultsAtOpen) { // no fault in this call, none since the open
            throw failure("unexpected exception " + e, e);
        }
        boolean clean = (e instanceof StorageException || e instanceof ReadOnlyException) && injected(e);
        trace.add(e.getClass().getName());
        if (!clean) {
            throw failure("an injected I/O fault surfaced as " + e + " (expected StorageException or ReadOnlyException caused by it)", e);
        }
    }

    private static boolean injected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && String.valueOf(t.getMessage()).startsWith("injected fault")) {
                return true;
            }
        }
        return false;
    }

    // ---- crashes, close and reopen ----

    private enum Crash { NONE, POWER, PROCESS }

    private void recoverAfterFault() {
        faultCountdown = -1;
        int r = rnd.nextInt(3);
        reopen(r == 0 ? Crash.NONE : r == 1 ? Crash.POWER : Crash.PROCESS);
    }

    private void reopen(Crash crash) {
        note("reopen " + crash);
        boolean failedBefore = false;
        switch (crash) {
            case NONE -> {
                boolean leave = rnd.nextInt(4) == 0;
                if (!leave) {
                    closeClients();
                }
                long fired = faultsFired;
                try {
                    db.close();
                    counts.cleanReopens++;
                    if (faultsFired == fired) {
                        model.allDurable(); // the final checkpoint covers every acknowledged commit
                    }
                } catch (RuntimeException e) {
                    requireFaultFailure(e, fired);
                    failedBefore = true;
                } catch (Throwable t) {
                    throw failure("close threw " + t, t);
                }
                if (leave) {
                    usedAfterClose();
                }
                if (faultsFired != fired) {
                    failedBefore = true;
                }
            }
            case POWER -> {
                disk = disk.crash();
                powerLostSinceOpen = true;
                counts.powerLosses++;
            }
            case PROCESS -> {
                disk = disk.processCrash();
                counts.processCrashes++;
            }
        }
        if (crash != Crash.NONE) {
            env.dropAll();
            for (Client c : clients) {
                c.abandon();
            }
        }
        db = null;
        open(crash != Crash.NONE || failedBefore);
    }

    /** Snapshots, cursors and transactions left open across close must refuse to work. */
    private void usedAfterClose() {
        for (Client c : clients) {
            if (c.snap != null) {
                refusesAfterClose(() -> c.snap.get(key(0)), "snapshot");
            }
            if (c.tx != null) {
                refusesAfterClose(() -> c.tx.get(key(0)), "transaction");
            }
            if (c.cursor != null) {
                refusesAfterClose(c.cursor::seekToFirst, "cursor");
            }
            c.abandon();
        }
    }

    private void refusesAfterClose(Runnable use, String what) {
        try {
            use.run();
            throw failure("a " + what + " still works after close", null);
        } catch (DatabaseClosedException expected) {
            trace.add(what);
        }
    }

    /** Opens (retrying after injected faults, sometimes losing power during recovery) and checks the recovered state. */
    private void open(boolean afterTrouble) {
        Durability d = Durability.values()[rnd.nextInt(3)];
        // Small segments now and then: value segments turn sparse quickly and the collector runs.
        Options.Builder b = Options.builder().pageSize(PAGE).durability(d).walSegmentSize(rnd.nextBoolean() ? 64 << 10 : 1 << 20)
                .checkpointLogBytes(1 << 20)
                .cacheSize(rnd.nextBoolean() ? 1L << 20 : 8L << 20)
                .asyncSyncDelay(Duration.ofMillis(1 + rnd.nextInt(200)))
                .checkpointInterval(rnd.nextBoolean() ? Duration.ZERO : Duration.ofMillis(50 + rnd.nextInt(2000)));
        for (int attempt = 0; ; attempt++) {
            check(attempt < 20, "cannot open after 20 attempts");
            options = b.fileIO(new TracingFileIO(disk, trace, lyingDisk)).build();
            disk.failWhen(this::injectFault);
            if (afterTrouble && attempt < 3 && rnd.nextInt(4) == 0) {
                armFault(1 + rnd.nextInt(80)); // a fault during recovery
            }
            long fired = faultsFired;
            note("open " + d + " attempt " + attempt);
            try {
                db = SimAccess.open(DIR, options, env);
            } catch (RuntimeException e) {
                requireFaultFailure(e, fired);
                counts.failedOpens++;
                env.dropAll();
                if (rnd.nextBoolean()) {
                    note("power loss during recovery");
                    disk = disk.crash();
                    powerLostSinceOpen = true;
                    counts.powerLosses++;
                }
                continue;
            }
            faultCountdown = -1;
            faultsAtOpen = faultsFired;
            if (faultsFired != fired) {
                // A fault fired but open succeeded (e.g. a failed cleanup that is retried later): still check, then reopen cleanly.
                note("fault during a successful open");
            }
            break;
        }
        TreeMap<byte[], byte[]> actual = scan(null);
        long seq = db.stats().sequence();
        String wrong = model.recovered(seq, actual, powerLostSinceOpen);
        check(wrong == null, wrong);
        powerLostSinceOpen = false;
        trace.add(seq);
        if (afterTrouble || rnd.nextInt(8) == 0) {
            closeAndVerify();
            open(false);
        }
    }

    private void closeAndVerify() {
        long fired = faultsFired;
        note("close and verify");
        db.close();
        check(faultsFired == fired, "fault armed during verify close");
        model.allDurable();
        VerifyReport report = AetherDB.verify(DIR, options, p -> { });
        counts.verifies++;
        check(report.isOk(), "verify found problems: " + report.problems());
        trace.add(report.pagesChecked());
        db = null;
    }

    private void closeClients() {
        for (Client c : clients) {
            c.close();
        }
    }

    // ---- reads of the whole database ----

    private TreeMap<byte[], byte[]> scan(Snapshot s) {
        TreeMap<byte[], byte[]> m = Model.newMap();
        try (Cursor c = s == null ? db.newCursor() : s.newCursor()) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                m.put(c.key(), c.value());
            }
        }
        return m;
    }

    private void scanAll() {
        note("scan");
        long fired = faultsFired;
        try {
            TreeMap<byte[], byte[]> actual = scan(null);
            String diff = Model.diff(model.state(), actual);
            check(diff == null, "full scan differs from the model: " + diff);
            counts.reads++;
        } catch (RuntimeException e) {
            requireFaultFailure(e, fired);
        }
    }

    // ---- keys and values ----

    private byte[] key(int i) {
        byte[] k;
        if (i % 11 == 7) {
            k = new byte[40 + (i * 37) % (PAGE / 8 - 40)]; // long keys fill pages fast
            Arrays.fill(k, (byte) 'x');
        } else {
            k = new byte[6];
        }
        k[0] = 'k';
        for (int j = 1; j <= 4; j++) {
            k[j] = (byte) ('0' + (i / pow10(4 - j)) % 10);
        }
        k[5] = (byte) (i % 3);
        return k;
    }

    private static int pow10(int e) {
        int p = 1;
        for (int i = 0; i < e; i++) {
            p *= 10;
        }
        return p;
    }

    /** A key of the seed's key space; a third of the picks go to 8 hot keys, so transactions conflict. */
    private byte[] randomKey() {
        return key(rnd.nextInt(3) == 0 ? rnd.nextInt(8) : rnd.nextInt(keyCount));
    }

    private byte[] value() {
        int r = rnd.nextInt(100);
        int len = r < 70 ? rnd.nextInt(40) : r < 90 ? 40 + rnd.nextInt(600) : r < 98 ? 600 + rnd.nextInt(1200) : 1300 + rnd.nextInt(20000);
        byte[] v = new byte[len];
        long tag = step * 31 + len;
        for (int i = 0; i < len; i++) {
            v[i] = (byte) (tag >>> ((i & 7) * 8) ^ i);
        }
        return v;
    }

    // ---- clients ----

    /** One simulated client: at most one transaction, snapshot and cursor open at a time. */
    private final class Client {
        Transaction tx;
        Model.Tx txm;
        Cursor txCursor;
        Model.Cur txCur;
        Snapshot snap;
        TreeMap<byte[], byte[]> snapModel;
        Cursor cursor;
        Model.Cur cur;
        boolean cursorOnSnap;

        void close() {
            if (txCursor != null) {
                txCursor.close();
            }
            if (tx != null) {
                tx.close();
            }
            if (cursor != null) {
                cursor.close();
            }
            if (snap != null) {
                snap.close();
            }
            abandon();
        }

        void abandon() {
            tx = null;
            txm = null;
            txCursor = null;
            txCur = null;
            snap = null;
            snapModel = null;
            cursor = null;
            cur = null;
            cursorOnSnap = false;
        }
    }

    private void clientStep(Client c) {
        counts.ops++;
        long fired = faultsFired;
        try {
            if (c.tx != null) {
                txStep(c);
            } else {
                plainStep(c);
            }
        } catch (RuntimeException e) {
            requireFaultFailure(e, fired);
        }
    }

    private void plainStep(Client c) {
        int r = rnd.nextInt(100);
        if (r < 25) {
            byte[] k = randomKey();
            byte[] v = value();
            note("put " + Model.show(k) + " " + v.length + "B");
            commitPlain(List.of(new Model.Op(k, v)), () -> db.put(k, v));
        } else if (r < 33) {
            byte[] k = randomKey();
            note("delete " + Model.show(k));
            commitPlain(List.of(new Model.Op(k, null)), () -> db.delete(k));
        } else if (r < 41) {
            WriteBatch batch = new WriteBatch();
            List<Model.Op> ops = new ArrayList<>();
            int n = rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                byte[] k = randomKey();
                byte[] v = rnd.nextInt(4) == 0 ? null : value();
                ops.add(new Model.Op(k, v));
                if (v == null) {
                    batch.delete(k);
                } else {
                    batch.put(k, v);
                }
            }
            note("batch of " + n);
            if (n == 0) {
                db.write(batch);
            } else {
                commitPlain(ops, () -> db.write(batch));
            }
        } else if (r < 61) {
            byte[] k = randomKey();
            note("get " + Model.show(k));
            expectValue(db.get(k), model.state().get(k), "get");
        } else if (r < 73) {
            snapshotStep(c);
        } else if (r < 87) {
            if (c.cursor == null) {
                note("new cursor");
                c.cursor = db.newCursor();
                c.cur = new Model.Cur(model.copyState(), null);
            }
            cursorStep(c.cursor, c.cur);
            if (rnd.nextInt(6) == 0) {
                c.cursor.close();
                c.cursor = null;
                c.cur = null;
                c.cursorOnSnap = false;
            }
        } else {
            IsolationLevel level = rnd.nextInt(5) < 3 ? IsolationLevel.SERIALIZABLE : IsolationLevel.SNAPSHOT;
            note("begin " + level);
            c.tx = db.begin(level);
            c.txm = model.new Tx(level);
            check(c.tx.snapshotSequence() == model.seq(), "transaction snapshot at " + c.tx.snapshotSequence() + ", model at " + model.seq());
        }
    }

    private void commitPlain(List<Model.Op> ops, Runnable call) {
        long fired = faultsFired;
        try {
            call.run();
        } catch (RuntimeException e) {
            requireFaultFailure(e, fired);
            model.failed(ops);
            return;
        }
        counts.commits++;
        model.committed(ops, options.durability() == Durability.SYNC);
    }

    private void snapshotStep(Client c) {
        if (c.snap == null) {
            note("snapshot");
            c.snap = db.snapshot();
            c.snapModel = model.copyState();
            counts.snapshots++;
            check(c.snap.sequence() == model.seq(), "snapshot at " + c.snap.sequence() + ", model at " + model.seq());
            return;
        }
        int r = rnd.nextInt(10);
        if (r < 5) {
            byte[] k = randomKey();
            note("snapshot get " + Model.show(k));
            expectValue(c.snap.get(k), c.snapModel.get(k), "snapshot get");
        } else if (r < 7) {
            note("snapshot scan");
            String diff = Model.diff(c.snapModel, scan(c.snap));
            check(diff == null, "snapshot scan differs: " + diff);
        } else if (r < 8 && c.cursor == null) {
            note("snapshot cursor");
            c.cursor = c.snap.newCursor();
            c.cur = new Model.Cur(c.snapModel, null);
            c.cursorOnSnap = true;
            cursorStep(c.cursor, c.cur);
        } else {
            note("snapshot close");
            if (c.cursorOnSnap) {
                c.cursor.close();
                c.cursor = null;
                c.cur = null;
                c.cursorOnSnap = false;
            }
            c.snap.close();
            c.snap = null;
            c.snapModel = null;
        }
    }

    private void cursorStep(Cursor cursor, Model.Cur m) {
        int r = rnd.nextInt(12);
        counts.cursorSteps++;
        if (m.pos == null || r < 4) {
            int how = rnd.nextInt(4);
            byte[] k = randomKey();
            switch (how) {
                case 0 -> {
                    note("cursor seekToFirst");
                    cursor.seekToFirst();
                    m.seekToFirst();
                }
                case 1 -> {
                    note("cursor seekToLast");
                    cursor.seekToLast();
                    m.seekToLast();
                }
                case 2 -> {
                    note("cursor seek " + Model.show(k));
                    cursor.seek(k);
                    m.seek(k);
                }
                default -> {
                    note("cursor seekForPrev " + Model.show(k));
                    cursor.seekForPrev(k);
                    m.seekForPrev(k);
                }
            }
        } else if (r < 8) {
            note("cursor next");
            cursor.next();
            m.next();
        } else {
            note("cursor prev");
            cursor.prev();
            m.prev();
        }
        check(cursor.isValid() == (m.pos != null), "cursor valid=" + cursor.isValid() + ", model at " + Model.show(m.pos));
        if (m.pos != null) {
            byte[] k = cursor.key();
            check(Arrays.equals(k, m.pos), "cursor at " + Model.show(k) + ", model at " + Model.show(m.pos));
            expectValue(cursor.value(), m.view.get(m.pos), "cursor value");
        } else {
            trace.add(-2);
        }
    }

    private void expectValue(byte[] actual, byte[] expected, String what) {
        counts.reads++;
        trace.add(actual);
        check(Arrays.equals(actual, expected), what + " returned " + Model.show(actual) + ", expected " + Model.show(expected));
    }

    private void txStep(Client c) {
        int r = rnd.nextInt(100);
        if (r < 22) {
            byte[] k = randomKey();
            note("tx get " + Model.show(k));
            expectValue(c.tx.get(k), c.txm.get(k), "transaction get");
        } else if (r < 50) {
            byte[] k = randomKey();
            closeTxCursor(c); // a cursor sees the writes buffered when it was opened; keep the model exact
            if (r < 42) {
                byte[] v = value();
                note("tx put " + Model.show(k) + " " + v.length + "B");
                c.tx.put(k, v);
                c.txm.put(k, v);
            } else {
                note("tx delete " + Model.show(k));
                c.tx.delete(k);
                c.txm.delete(k);
            }
        } else if (r < 68) {
            if (c.txCursor == null) {
                note("tx cursor");
                c.txCursor = c.tx.newCursor();
                c.txCur = new Model.Cur(c.txm.merged(), c.txm.level == IsolationLevel.SERIALIZABLE ? c.txm.ranges : null);
            }
            cursorStep(c.txCursor, c.txCur);
        } else if (r < 90) {
            txCommit(c);
        } else if (r < 96) {
            note("tx rollback");
            closeTxCursor(c);
            c.tx.rollback();
            c.tx.close();
            c.tx = null;
            c.txm = null;
        } else {
            note("tx close");
            closeTxCursor(c);
            c.tx.close();
            c.tx = null;
            c.txm = null;
        }
    }

    private void closeTxCursor(Client c) {
        if (c.txCursor != null) {
            c.txCursor.close();
            c.txCursor = null;
            c.txCur = null;
        }
    }

    private void txCommit(Client c) {
        String conflict = c.txm.conflict();
        List<Model.Op> ops = c.txm.ops();
        note("tx commit " + c.txm.level + " " + ops.size() + " writes, model: " + (conflict == null ? "commits" : "conflict " + conflict));
        Transaction tx = c.tx;
        boolean keepCursor = rnd.nextBoolean();
        if (!keepCursor) {
            closeTxCursor(c);
        }
        long fired = faultsFired;
        try {
            tx.commit();
            check(conflict == null, "commit succeeded, the model expected a conflict: " + conflict);
            if (!ops.isEmpty()) {
                counts.txCommits++;
                model.committed(ops, options.durability() == Durability.SYNC);
                check(tx.commitSequence() == model.seq(), "commit sequence " + tx.commitSequence() + ", model " + model.seq());
            }
            trace.add(tx.commitSequence());
        } catch (ConflictException e) {
            check(conflict != null, "unexpected conflict: " + e.getMessage());
            counts.conflicts++;
            trace.add(e.getMessage());
        } catch (RuntimeException e) {
            requireFaultFailure(e, fired);
            if (conflict == null && !ops.isEmpty()) {
                model.failed(ops);
            }
        } finally {
            if (c.txCursor != null) {
                try {
                    c.txCursor.seekToFirst(); // a finished transaction's cursor refuses
                    throw failure("a finished transaction's cursor still works", null);
                } catch (IllegalStateException expected) {
                    trace.add(2);
                }
                closeTxCursor(c);
            }
            tx.close();
            c.tx = null;
            c.txm = null;
        }
    }

    // ---- command line ----

    /**
     * {@code --seeds N} (default 10) runs seeds {@code first .. first+N-1}; {@code --first S}
     * (default 1); {@code --steps M} per seed (default 100000); {@code --seed S} runs one seed.
     */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        long seeds = 10;
        long first = 1;
        long steps = 100_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Long.parseLong(args[++i]);
                case "--first" -> first = Long.parseLong(args[++i]);
                case "--steps" -> steps = Long.parseLong(args[++i]);
                case "--seed" -> {
                    first = Long.parseLong(args[++i]);
                    seeds = 1;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --seeds N --first S --steps M | --seed S");
            }
        }
        System.exit(runMany(first, seeds, steps, System.out) ? 0 : 1);
    }

    /** Runs seeds {@code first..first+count-1}; prints one line each and a total; false if any failed. */
    static boolean runMany(long first, long count, long steps, java.io.PrintStream out) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long ops = 0;
        long io = 0;
        boolean ok = true;
        for (long s = first; s < first + count; s++) {
            long t = System.nanoTime();
            try {
                Result r = new Simulation(s, steps).run();
                ops += r.steps();
                io += r.ioCalls();
                out.printf("seed %d: %d steps, %d I/O calls, trace %016x, %.1f s; %s%n", s, r.steps(), r.ioCalls(), r.hash(),
                        (System.nanoTime() - t) / 1e9, r.counts());
            } catch (SimulationFailure f) {
                ok = false;
                out.println("FAILED " + f.getMessage());
                f.printStackTrace(out);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        out.printf("total: %d seeds, %d steps checked, %d I/O calls, %.1f s wall (%.0f steps/s), %.1f s CPU (%.0f steps/CPU-s), %s%n", count,
                ops, io, secs, ops / secs, cpu, ops / cpu, ok ? "all passed" : "FAILURES");
        return ok;
    }
}
