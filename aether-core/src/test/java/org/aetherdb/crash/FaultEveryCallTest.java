package org.aetherdb.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.aetherdb.AetherDB;
import org.aetherdb.SimAccess;
import org.aetherdb.AetherException;
import org.aetherdb.Durability;
import org.aetherdb.ReadOnlyException;
import org.aetherdb.StorageException;
import org.aetherdb.VerifyReport;
import org.aetherdb.WriteBatch;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.MemFileIO.Fault;
import org.aetherdb.io.MemFileIO.Op;
import org.junit.jupiter.api.Test;

/**
 * A fault at every I/O call of a bounded workload: the workload (create, SYNC commits with small
 * and out-of-line values, a checkpoint, a reopen, a close) is run once to count its calls on
 * {@link MemFileIO}; then once per call index i and fault kind, with the i-th call failing:
 * <ul>
 *   <li>{@code ERROR}: an IOException before the call takes effect (any call: open, create, read,
 *       write, force, size, list, rename, delete, syncDirectory, lock, map);</li>
 *   <li>{@code SHORT_WRITE} (writes): half the bytes written, then an IOException;</li>
 *   <li>{@code NO_SPACE} (writes): the disk is full from this call on (writes that grow a file
 *       write what fits, then fail: ENOSPC);</li>
 *   <li>{@code AFTER_EFFECT} (force, write, rename, delete, syncDirectory, create): the call takes
 *       effect, then reports an error (an fsync whose outcome is unknown).</li>
 * </ul>
 * Checked each time: the operation during which the fault surfaced failed with
 * {@link StorageException}; after it, reads still show exactly the acknowledged commits, and
 * writes and checkpoints are refused with {@link ReadOnlyException}; then, both for the state a
 * power loss leaves ({@link MemFileIO#crash()}) and the one kill -9 leaves, reopening (disk
 * healthy again) recovers the state after commit j for some lo <= j <= hi (every acknowledged
 * SYNC commit present, at most the failed one in addition, whole commits only) and {@code verify}
 * is clean. A fault the engine absorbs silently must then have lost nothing (a clean close means
 * every commit is durable). The same faults are injected at every call of a recovery that must
 * replay the log: open fails with StorageException or succeeds with the right state, and the next
 * open (also after a power loss) recovers everything.
 */
class FaultEveryCallTest {
    private static final Path DIR = CrashExplorer.DIR;
    private static final long SEED = Long.getLong("aether.seed", 0xFA17EL);
    private static final int SCALE = Integer.getInteger("aether.crash.scale", 1);

    enum Kind { ERROR, SHORT_WRITE, NO_SPACE, AFTER_EFFECT }

    static Script workload() {
        Random r = new Random(SEED);
        // Values too large for a 4 KiB page's leaf (1,280 B) go through the log up to 2,000 B
        // (1,800 B here) and to the data file beyond (3,000 B): both paths meet every fault.
        return new Script("fault workload", Durability.SYNC).logValuesUpTo(2000)
                .randomCommits(r, 4 * SCALE, 20, 4, 1, 300, 4, 3000)
                .checkpoint()
                .randomCommits(r, 3 * SCALE, 20, 4, 1, 300, 4, 1800)
                .reopen()
                .randomCommits(r, 3 * SCALE, 20, 4, 1, 300, 4, 3000);
    }

    /** What one faulty run saw. */
    static final class Run {
        final Script script;
        int done;
        int acked;
        int lo;
        int hi;
        AetherException first;
        String firstDuring;
        Op injectedAt;
        final List<String> problems = new ArrayList<>();

        Run(Script script) {
            this.script = script;
        }
    }

    private static boolean applies(Kind k, String opKind) {
        return switch (k) {
            case ERROR -> true;
            case SHORT_WRITE, NO_SPACE -> opKind.equals("write");
            case AFTER_EFFECT -> List.of("force", "write", "rename", "delete", "syncDirectory", "create").contains(opKind);
        };
    }

    /** Counts and names the calls of a fault-free run (they must be the same in every run up to the fault). */
    private static List<String> baseline(Script s) {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        List<String> ops = new ArrayList<>();
        fs.injectFaults(op -> {
            ops.add(op.kind());
            return null;
        });
        Run run = execute(s, fs);
        assertEquals(null, run.first, "fault-free run failed");
        return ops;
    }

    private static Function<Op, Fault> injector(MemFileIO fs, Kind kind, int index, Run run) {
        AtomicInteger calls = new AtomicInteger();
        return op -> {
            if (calls.getAndIncrement() != index) {
                return null;
            }
            run.injectedAt = op;
            String msg = "injected " + kind + " at call #" + index + " " + op;
            return switch (kind) {
                case ERROR -> Fault.error(msg);
                case SHORT_WRITE -> Fault.shortWrite(op.length() / 2, msg);
                case AFTER_EFFECT -> Fault.afterEffect(msg);
                case NO_SPACE -> {
                    fs.setCapacity(fs.usage());
                    yield null;
                }
            };
        };
    }

    /** Runs the script until the first failure, then probes the instance (reads, refused writes). */
    private static Run execute(Script s, MemFileIO fs) {
        return execute(s, fs, new Run(s));
    }

    private static Run execute(Script s, MemFileIO fs, Run run) {
        AetherDB db;
        try {
            db = AetherDB.open(DIR, s.options(fs));
        } catch (AetherException e) {
            failed(run, e, "create");
            return run;
        }
        try {
            for (Script.Step step : s.steps()) {
                switch (step) {
                    case Script.Commit c -> {
                        run.hi = run.done + 1;
                        db.write(c.batch());
                        run.done++;
                        run.acked = run.done;
                        run.lo = run.done;
                    }
                    case Script.Checkpoint c -> db.checkpoint();
                    case Script.WriteBehind w -> SimAccess.writeBehind(db); // a failure stops writes: the next commit reports it
                    case Script.Compact c -> db.compact();
                    case Script.Reopen r -> {
                        AetherDB old = db;
                        db = null;
                        old.close();
                        db = AetherDB.open(DIR, s.options(fs));
                    }
                }
            }
            AetherDB old = db;
            db = null;
            old.close();
        } catch (AetherException e) {
            failed(run, e, "after commit " + run.done);
            if (db != null) {
                probe(run, db);
            }
        } finally {
            if (db != null) {
                try {
                    db.close();
                } catch (AetherException expected) {
                    // refused after the failure (ReadOnlyException) or a failing final checkpoint
                }
            }
        }
        return run;
    }

    private static void failed(Run run, AetherException e, String during) {
        run.first = e;
        run.firstDuring = during;
        if (!(e instanceof StorageException)) {
            run.problems.add("the operation " + during + " failed with " + e + "; StorageException expected");
        }
    }

    /** After a failure: reads show exactly the acknowledged commits; writes and checkpoints are refused. */
    private static void probe(Run run, AetherDB db) {
        try {
            NavigableMap<byte[], byte[]> state = Script.readAll(db);
            run.script.check(state, run.acked, run.acked, "reads after the failure");
        } catch (AetherException | AssertionError e) {
            run.problems.add("reads after the failure: " + e);
        }
        try {
            db.put("probe".getBytes(), "x".getBytes());
            run.problems.add("a put after the failure was accepted");
            run.hi = Integer.MAX_VALUE; // unknown now; the state check below would be meaningless
        } catch (ReadOnlyException expected) {
            // documented
        } catch (AetherException e) {
            run.problems.add("a put after the failure threw " + e + "; ReadOnlyException expected");
        }
        try {
            db.checkpoint();
            run.problems.add("a checkpoint after the failure was accepted");
        } catch (ReadOnlyException expected) {
            // documented
        } catch (AetherException e) {
            run.problems.add("a checkpoint after the failure threw " + e + "; ReadOnlyException expected");
        }
    }

    /** Recovers {@code image} on a healthy disk and checks the durability property and verify. */
    private static void recover(Map<String, byte[]> image, Script s, int lo, int hi, String where) {
        MemFileIO fs = CrashExplorer.materialize(image);
        try (AetherDB db = AetherDB.open(DIR, CrashExplorer.options(fs, Durability.SYNC))) {
            s.check(Script.readAll(db), lo, hi, where);
        } catch (AetherException e) {
            throw new AssertionError(where + ": recovery failed: " + e, e);
        }
        VerifyReport report = AetherDB.verify(DIR, CrashExplorer.options(fs, Durability.SYNC), done -> { });
        if (!report.isOk()) {
            throw new AssertionError(where + ": verify: " + report);
        }
    }

    static Map<String, byte[]> imageOf(MemFileIO fs) {
        Map<String, byte[]> out = new TreeMap<>();
        fs.durableFiles().forEach((path, f) -> out.put(path, f.bytes()));
        return out;
    }

    @Test
    void faultAtEveryCallOfAWorkload() {
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Script s = workload();
        List<String> ops = baseline(s);
        assertEquals(ops, baseline(s), "the workload's I/O calls are not deterministic; call indices would not mean the same call");
        Map<String, int[]> outcomes = new TreeMap<>();
        int runs = 0;
        List<String> problems = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < ops.size(); i++) {
                if (!applies(kind, ops.get(i))) {
                    continue;
                }
                runs++;
                MemFileIO fs = new MemFileIO();
                fs.createDirectories(DIR);
                Run run = new Run(s);
                fs.injectFaults(injector(fs, kind, i, run));
                execute(s, fs, run);
                fs.clearFaults();
                fs.setCapacity(Long.MAX_VALUE);
                String where = kind + " at call #" + i + " (" + run.injectedAt + ")";
                String outcome = run.first == null ? "absorbed, workload completed (" + run.injectedAt.kind() + ")"
                        : run.first.getClass().getSimpleName() + " " + (run.firstDuring.equals("create") ? "at open" : "in the workload");
                outcomes.computeIfAbsent(kind + ": " + outcome, k -> new int[1])[0]++;
                for (String p : run.problems) {
                    problems.add(where + ": " + p);
                }
                if (run.hi == Integer.MAX_VALUE) {
                    continue;
                }
                if (run.first == null) {
                    run.lo = s.commits(); // completed with a clean close: everything durable
                    run.hi = s.commits();
                }
                recover(imageOf(fs.crash()), s, run.lo, run.hi, where + ", then power loss");
                recover(imageOf(fs.processCrash()), s, run.lo, run.hi, where + ", then kill -9");
                // The same file system, disk healthy again (page cache intact): reopen works, and a
                // power loss right after that reopen (with or without its unlinks on disk) still
                // keeps every acknowledged commit.
                reopenInPlaceThenPowerLoss(fs, s, run.lo, run.hi, where);
            }
        }
        System.out.println("FaultEveryCallTest: " + ops.size() + " I/O calls in the workload, " + runs + " faulty runs [" + (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000_000.0
                + " s CPU]; outcomes: " + show(outcomes));
        assertEquals(List.of(), problems, "fault handling problems");
        assertTrue(runs > ops.size(), "too few runs");
    }

    /** An image whose open must replay the log: the workload killed before its final close. */
    private static Map<String, byte[]> killedImage(Script s) {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        AetherDB db = AetherDB.open(DIR, CrashExplorer.options(fs, Durability.SYNC));
        for (Script.Step step : s.steps()) {
            if (step instanceof Script.Commit c) {
                db.write(c.batch());
            } else if (step instanceof Script.Checkpoint) {
                db.checkpoint();
            }
        }
        Map<String, byte[]> image = imageOf(fs.processCrash());
        db.close();
        return image;
    }

    @Test
    void faultAtEveryCallOfRecovery() {
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Script s = workload();
        Map<String, byte[]> image = killedImage(s);
        int all = s.commits();
        MemFileIO probe = CrashExplorer.materialize(image);
        List<String> ops = new ArrayList<>();
        probe.injectFaults(op -> {
            ops.add(op.kind());
            return null;
        });
        try (AetherDB db = AetherDB.open(DIR, CrashExplorer.options(probe, Durability.SYNC))) {
            s.check(Script.readAll(db), all, all, "fault-free recovery");
        }
        int runs = 0;
        Map<String, int[]> outcomes = new TreeMap<>();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < ops.size(); i++) {
                if (!applies(kind, ops.get(i))) {
                    continue;
                }
                runs++;
                MemFileIO fs = CrashExplorer.materialize(image);
                Run run = new Run(s);
                fs.injectFaults(injector(fs, kind, i, run));
                String where = kind + " at recovery call #" + i;
                String outcome;
                AetherDB db = null;
                try {
                    db = AetherDB.open(DIR, CrashExplorer.options(fs, Durability.SYNC));
                    outcome = "open succeeded";
                } catch (StorageException e) {
                    outcome = "open failed with StorageException";
                } catch (AetherException e) {
                    throw new AssertionError(where + " (" + run.injectedAt + "): open failed with " + e + "; StorageException expected", e);
                }
                if (db != null) {
                    try {
                        s.check(Script.readAll(db), all, all, where + " (" + run.injectedAt + "): open succeeded");
                    } catch (StorageException e) {
                        outcome += ", a read failed with StorageException";
                    }
                    try {
                        db.close();
                        outcome += ", close succeeded";
                    } catch (StorageException e) {
                        outcome += ", close failed with StorageException";
                    } catch (AetherException e) {
                        throw new AssertionError(where + " (" + run.injectedAt + "): close failed with " + e + "; StorageException expected", e);
                    }
                }
                assertTrue(run.injectedAt != null, where + ": the fault was never injected");
                outcome += " (" + run.injectedAt.kind() + ")";
                outcomes.computeIfAbsent(kind + ": " + outcome, k -> new int[1])[0]++;
                fs.clearFaults();
                fs.setCapacity(Long.MAX_VALUE);
                recover(imageOf(fs.crash()), s, all, all, where + " (" + run.injectedAt + "), then power loss");
                reopenInPlaceThenPowerLoss(fs, s, all, all, where);
                try (AetherDB again = AetherDB.open(DIR, CrashExplorer.options(fs, Durability.SYNC))) {
                    s.check(Script.readAll(again), all, all, where + ", reopened in place twice");
                    again.write(new WriteBatch().put("after".getBytes(), "x".getBytes()));
                }
            }
        }
        System.out.println("FaultEveryCallTest recovery: " + ops.size() + " I/O calls in recovery, " + runs + " faulty runs [" + (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000_000.0
                + " s CPU]; outcomes: " + show(outcomes));
        assertTrue(runs >= ops.size(), "too few runs");
    }

    /**
     * Reopens on the same files (what a restarted process sees: the page cache, unsynced data
     * included), checks the state, and checks the two power losses right after that open: as
     * {@link MemFileIO#crash()} leaves it, and with the entries the open deleted gone from disk too
     * (an unlink may reach the disk before any directory sync).
     */
    private static void reopenInPlaceThenPowerLoss(MemFileIO fs, Script s, int lo, int hi, String where) {
        Map<String, byte[]> loss;
        Map<String, byte[]> lossWithUnlinks;
        try (AetherDB db = AetherDB.open(DIR, CrashExplorer.options(fs, Durability.SYNC))) {
            s.check(Script.readAll(db), lo, hi, where + ", reopened in place");
            loss = imageOf(fs.crash());
            lossWithUnlinks = new TreeMap<>(loss);
            java.util.Set<String> present = new java.util.HashSet<>();
            for (String name : fs.list(DIR)) {
                present.add(DIR.resolve(name).toString());
            }
            lossWithUnlinks.keySet().retainAll(present);
        } catch (java.io.IOException e) {
            throw new AssertionError(where + ": " + e, e);
        }
        recover(loss, s, lo, hi, where + ", reopened in place, then power loss");
        recover(lossWithUnlinks, s, lo, hi, where + ", reopened in place, then power loss (its unlinks on disk)");
    }

    private static String show(Map<String, int[]> outcomes) {
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((k, v) -> sb.append("\n  ").append(v[0]).append(" x ").append(k));
        return sb.toString();
    }
}
