package org.aetherdb.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import org.aetherdb.AetherDB;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.VerifyReport;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.MemFileIO.Event;

/**
 * Runs a {@link Script} once on {@link MemFileIO} while recording every change, then, for the
 * crash point after every recorded change, builds the crash states {@link DiskModel} allows and
 * checks each: recovery opens it, the recovered contents are the state after commit j for some j
 * the {@link Bounds} of that point allow (the durability property, see {@link Script}),
 * {@code verify} is clean. For a share of the states, recovery itself is recorded and crashed at
 * every point, and the second recovery must show exactly what the first one showed.
 *
 * <p>A point whose states number at most {@link #cap} (and whose sectors are all within the
 * model's subset bound) is enumerated exhaustively; any other is sampled ({@link #samples}
 * seeded random states, plus "nothing unsynced survived" and "everything survived"). Points of a
 * crashed recovery are enumerated completely up to {@link #RECOVERY_CAP} states, sampled beyond.
 */
final class CrashExplorer {
    static final Path DIR = Path.of("/mem/crash");
    /** Largest point of a crashed recovery enumerated completely (beyond: sampled). */
    static final long RECOVERY_CAP = Long.getLong("aether.crash.recoveryCap", 64);

    /** Which commits a crash state may show: the state after commit j, lo <= j <= hi. */
    record Bounds(int lo, int hi, String during) {}

    /** What one run explored. */
    static final class Counts {
        int crashPoints;
        int exhaustivePoints;
        int sampledPoints;
        long combinations;
        long recovered;
        long recoveryCrashPoints;
        long recoveryStates;
        int maxPending;

        @Override
        public String toString() {
            return crashPoints + " crash points (" + exhaustivePoints + " enumerated exhaustively, " + sampledPoints + " sampled; at most "
                    + maxPending + " unsynced operations at a point), " + combinations + " crash states enumerated, " + recovered
                    + " distinct states recovered and checked; crash during recovery: " + recoveryCrashPoints + " points, "
                    + recoveryStates + " distinct states recovered again";
        }
    }

    final int sector;
    final long cap;
    final int samples;
    /** Every how-many-th distinct state also gets recovery crashed at each of its points (0: never). */
    final int recoveryEvery;
    final long seed;
    final Counts counts = new Counts();
    private final Set<Long> seen = new HashSet<>();
    /** Changes the model pretends never happened (for the self-test: a disk that ignores some forces). */
    java.util.function.Predicate<Event> ignored = e -> false;
    private final Random random;
    private Script script;

    CrashExplorer(int sector, long cap, int samples, int recoveryEvery, long seed) {
        this.sector = sector;
        this.cap = cap;
        this.samples = samples;
        this.recoveryEvery = recoveryEvery;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Log segment size of the scripts unless they set one. */
    static final long SEGMENT_SIZE = 1 << 20;

    static Options options(MemFileIO fs, Durability durability) {
        return options(fs, durability, SEGMENT_SIZE);
    }

    static Options options(MemFileIO fs, Durability durability, long segmentSize) {
        return Options.builder()
                .pageSize(4096)
                .fileIO(fs)
                .durability(durability)
                .checkpointInterval(Duration.ZERO)
                .walSegmentSize(segmentSize)
                .checkpointLogBytes(64L << 20) // checkpoints only where the script says
                .cacheSize(8L << 20)
                .build();
    }

    /** Records the script's run, then explores every crash point of it. */
    Counts explore(Script s) {
        this.script = s;
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        Map<String, MemFileIO.DurableFile> initial = fs.durableFiles();
        List<Event> events = new ArrayList<>();
        List<Bounds> bounds = new ArrayList<>();
        fs.record(e -> {
            events.add(e);
            bounds.add(s.bounds());
        });
        s.run(fs);
        fs.record(null);
        DiskModel model = new DiskModel(initial, sector);
        for (int i = 0; i < events.size(); i++) {
            if (!ignored.test(events.get(i))) {
                model.apply(events.get(i));
            }
            Bounds b = bounds.get(i);
            explorePoint(model, new Bounds(b.lo(), b.hi(), b.during() + ", after change #" + i + " " + describe(events.get(i))), true);
        }
        return counts;
    }

    private static String describe(Event e) {
        return switch (e) {
            case Event.Wrote w -> "Wrote[file " + w.file() + " @" + w.position() + " +" + w.bytes().length + "]";
            default -> e.toString();
        };
    }

    private void explorePoint(DiskModel model, Bounds b, boolean top) {
        DiskModel.Space space = model.space();
        double total = space.total();
        boolean all = space.exhaustive && total <= (top ? cap : RECOVERY_CAP);
        if (top) {
            counts.crashPoints++;
            counts.maxPending = Math.max(counts.maxPending, model.pendingOperations());
            if (all) {
                counts.exhaustivePoints++;
            } else {
                counts.sampledPoints++;
            }
        } else {
            counts.recoveryCrashPoints++;
        }
        if (all) {
            for (long k = 0; k < (long) total; k++) {
                check(space, space.choice(k), b, top);
            }
        } else {
            check(space, space.choice(0), b, top);
            check(space, space.everything(), b, top);
            for (int k = 0; k < samples; k++) {
                check(space, space.random(random), b, top);
            }
        }
    }

    private void check(DiskModel.Space space, int[] choice, Bounds b, boolean top) {
        if (top) {
            counts.combinations++;
        }
        long key = space.hash(choice) * 1_000_003L + b.lo() * 65_537L + b.hi();
        if (!seen.add(key)) {
            return;
        }
        Map<String, byte[]> image = space.image(choice);
        if (top) {
            counts.recovered++;
        } else {
            counts.recoveryStates++;
        }
        boolean crashRecovery = top && recoveryEvery > 0 && counts.recovered % recoveryEvery == 0;
        recoverAndCheck(image, b, crashRecovery);
    }

    static MemFileIO materialize(Map<String, byte[]> image) {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        image.forEach((path, bytes) -> fs.setContents(Path.of(path), bytes));
        return fs;
    }

    private String where(Bounds b) {
        return script.name() + ": crash " + b.during() + " (allowed: state after commit " + b.lo() + ".." + b.hi() + "; seed " + seed
                + ", sector " + sector + " B)";
    }

    private void recoverAndCheck(Map<String, byte[]> image, Bounds b, boolean crashRecovery) {
        MemFileIO fs = materialize(image);
        Map<String, MemFileIO.DurableFile> initial = fs.durableFiles();
        List<Event> events = new ArrayList<>();
        if (crashRecovery) {
            fs.record(events::add);
        }
        int shows;
        try {
            AetherDB db;
            try {
                db = AetherDB.open(DIR, options(fs, Durability.SYNC));
            } catch (RuntimeException e) {
                throw new AssertionError(where(b) + ": recovery failed: " + e, e);
            }
            try {
                NavigableMap<byte[], byte[]> state = Script.readAll(db);
                shows = script.check(state, b.lo(), b.hi(), where(b));
            } finally {
                db.close();
            }
        } finally {
            fs.record(null);
        }
        VerifyReport report = AetherDB.verify(DIR, options(fs, Durability.SYNC), done -> { });
        if (!report.isOk() || report.pagesChecked() == 0) {
            throw new AssertionError(where(b) + ": verify after recovery: " + report);
        }
        if (crashRecovery) {
            // Everything recovery started from was durable, so a crash anywhere in recovery (or in
            // the close after it) must recover to exactly what the uninterrupted recovery showed.
            DiskModel model = new DiskModel(initial, sector);
            for (int i = 0; i < events.size(); i++) {
                model.apply(events.get(i));
                explorePoint(model, new Bounds(shows, shows, b.during() + "; then crash during its recovery/close after change #" + i + " "
                        + describe(events.get(i))), false);
            }
        }
    }
}
