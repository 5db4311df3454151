package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeSet;
import org.aetherdb.DamageTrial.Outcome;
import org.aetherdb.DamageTrial.Stats;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * Damaged files: bytes flipped in the data file at many offsets after a clean close, the data
 * file cut at several lengths, and bytes flipped in the log of a database killed before it
 * could close. The rule for every case: each read returns exactly the right data or throws a
 * {@link CorruptionException} naming the damaged file; never wrong data, never another
 * exception or error, never a hang; and when a read reported corruption, {@code verify} reports
 * it too (the rule is {@link DamageTrial}). {@link EveryBitCorruptionTest} flips every bit of a
 * smaller database; this test damages a larger one with history at sampled offsets.
 *
 * <p>Seeded ({@link #SEED}); {@code -Daether.corruption.offsets=N} changes how many random
 * offsets are tried per file on top of the structured ones.
 */
class CorruptionTest {
    private static final long SEED = 0xBADC0DEL;
    private static final Path DIR = TestDb.MEM_DIR;
    private static final int RANDOM_OFFSETS = Integer.getInteger("aether.corruption.offsets", 300);

    /** A database image and the model states a damaged copy may legitimately show. */
    private record Fixture(FsImage image, NavigableMap<byte[], byte[]> model, NavigableMap<byte[], byte[]> beforeLast,
                           FsImage imageBeforeLast) {}

    /** Builds a database of inline, out-of-line and multi-page values with history (deletes, overwrites, checkpoints). */
    private static Fixture build(boolean cleanClose) {
        MemFileIO fs = TestDb.newMem();
        Random r = new Random(SEED);
        KeySpace keys = new KeySpace(SEED, 500, Options.maxKeySize(TestDb.PAGE));
        ValueGen values = new ValueGen(TestDb.PAGE, 0);
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        AetherDB db = AetherDB.open(DIR, TestDb.mem(fs));
        try {
            for (int i = 0; i < 450; i++) {
                byte[] k = keys.randomKey(r);
                byte[] v = values.next(r);
                db.put(k, v);
                model.put(k, v);
                if (i % 5 == 4) {
                    byte[] gone = keys.randomKey(r);
                    db.delete(gone);
                    model.remove(gone);
                }
            }
            db.checkpoint();
            for (int i = 0; i < 120; i++) {
                WriteBatch b = new WriteBatch();
                for (int j = 0; j < 3; j++) {
                    byte[] k = keys.randomKey(r);
                    byte[] v = values.next(r);
                    b.put(k, v);
                    model.put(k, v);
                }
                db.write(b);
            }
            NavigableMap<byte[], byte[]> beforeLast = Bytes.copy(model);
            FsImage imageBeforeLast = FsImage.processCrash(fs, DIR);
            byte[] lastKey = keys.key(7);
            byte[] lastValue = Bytes.pattern(99, 300);
            db.put(lastKey, lastValue);
            model.put(lastKey, lastValue);
            if (cleanClose) {
                db.close();
                return new Fixture(FsImage.of(fs, DIR), model, beforeLast, imageBeforeLast);
            }
            FsImage killed = FsImage.processCrash(fs, DIR);
            return new Fixture(killed, model, beforeLast, imageBeforeLast);
        } finally {
            TestDb.closeQuietly(db);
        }
    }

    @Test
    void flippedBytesInDataFileAfterCleanClose() {
        Fixture f = build(true);
        String data = TestDb.dataFileName(f.image().restore(), DIR);
        byte[] clean = f.image().file(data);
        Random r = new Random(SEED + 1);
        TreeSet<Integer> offsets = new TreeSet<>();
        for (int i = 0; i < Math.min(160, clean.length); i++) {
            offsets.add(i); // first superblock slot
        }
        for (int i = 4096; i < Math.min(4096 + 160, clean.length); i++) {
            offsets.add(i); // second superblock slot
        }
        // Page headers and a few body bytes of a sample of the pages in use (free space is mostly zeros).
        List<Integer> used = new ArrayList<>();
        for (int page = 2; (page + 1) * TestDb.PAGE <= clean.length; page++) {
            int from = page * TestDb.PAGE;
            for (int i = from; i < from + TestDb.PAGE; i++) {
                if (clean[i] != 0) {
                    used.add(page);
                    break;
                }
            }
        }
        java.util.Collections.shuffle(used, r);
        for (int page : used.subList(0, Math.min(40, used.size()))) {
            for (int off : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 31, 64, 1000, 4095}) {
                offsets.add(page * TestDb.PAGE + off);
            }
        }
        for (int i = 0; i < RANDOM_OFFSETS; i++) {
            offsets.add(used.isEmpty() || r.nextInt(4) == 0 ? r.nextInt(clean.length) : used.get(r.nextInt(used.size())) * TestDb.PAGE + r.nextInt(TestDb.PAGE));
        }
        Stats stats = new Stats();
        assertEquals(Outcome.EXACT, trial("undamaged data file", f.image(), data, List.of(f.model())), "control trial");
        for (int offset : offsets) {
            byte[] damaged = clean.clone();
            damaged[offset] ^= (byte) (r.nextBoolean() ? 1 << r.nextInt(8) : 1 + r.nextInt(255));
            String what = "data file " + data + " (" + clean.length + " B) with byte " + offset + " changed (seed " + SEED + ")";
            stats.add(what, () -> trial(what, f.image().with(data, damaged), data, List.of(f.model())));
        }
        System.out.println("CorruptionTest data-file flips (" + used.size() + " pages in use of " + clean.length / TestDb.PAGE + "): " + stats);
        stats.failIfAny();
    }

    @Test
    void truncatedDataFileAfterCleanClose() {
        Fixture f = build(true);
        String data = TestDb.dataFileName(f.image().restore(), DIR);
        byte[] clean = f.image().file(data);
        int len = clean.length;
        int half = len / 2 / TestDb.PAGE * TestDb.PAGE;
        int[] lengths = {0, 1, 100, 4095, 4096, 4097, 8191, 8192, 8193, 12288, half, half + 1, half - 1,
            len - TestDb.PAGE, len - TestDb.PAGE + 1, len - 1, len + TestDb.PAGE};
        Stats stats = new Stats();
        assertEquals(Outcome.EXACT, trial("undamaged data file", f.image(), data, List.of(f.model())), "control trial");
        for (int l : lengths) {
            if (l < 0) {
                continue;
            }
            String what = "data file " + data + " cut from " + len + " to " + l + " bytes";
            stats.add(what, () -> trial(what, f.image().with(data, Arrays.copyOf(clean, l)), data, List.of(f.model())));
        }
        System.out.println("CorruptionTest truncations: " + stats);
        stats.failIfAny();
    }

    @Test
    void flippedBytesInLogOfKilledDatabase() {
        Fixture f = build(false);
        Random r = new Random(SEED + 2);
        Stats stats = new Stats();
        List<String> logs = f.image().names().stream().filter(TestDb::isLog).toList();
        assertFalse(logs.isEmpty(), "a killed database must have log files: " + f.image().names());
        assertEquals(Outcome.EXACT, trial("undamaged killed database", f.image(), logs.get(0), List.of(f.model())),
                "control trial: recovery of an undamaged killed database must show every SYNC commit");
        for (String log : logs) {
            byte[] killed = f.image().file(log);
            int used = f.image().usedLength(log);
            // Bytes that the last commit wrote: damage there may legitimately read as a torn tail.
            int[] last = changedRange(f.imageBeforeLast(), f.image(), log);
            TreeSet<Integer> offsets = new TreeSet<>();
            int stride = Math.max(1, used / 250);
            for (int i = 0; i < used; i += stride) {
                offsets.add(i);
            }
            for (int i = 0; i < 64 && i < killed.length; i++) {
                offsets.add(i); // segment header
            }
            if (last != null) {
                for (int i = last[0]; i <= last[1]; i += Math.max(1, (last[1] - last[0]) / 40)) {
                    offsets.add(i);
                }
                offsets.add(last[0]);
                offsets.add(last[1]);
                offsets.add(Math.max(0, last[0] - 1));
            }
            for (int i = 0; i < 20 && used + i * 37 < killed.length; i++) {
                offsets.add(used + i * 37); // preallocated zeros after the end
            }
            for (int i = 0; i < RANDOM_OFFSETS / 2 && used > 0; i++) {
                offsets.add(r.nextInt(used));
            }
            for (int offset : offsets) {
                byte[] damaged = killed.clone();
                damaged[offset] ^= (byte) (r.nextBoolean() ? 1 << r.nextInt(8) : 1 + r.nextInt(255));
                boolean inLast = last != null && offset >= last[0] && offset <= last[1];
                List<NavigableMap<byte[], byte[]>> allowed = inLast ? List.of(f.model(), f.beforeLast()) : List.of(f.model());
                String what = "log " + log + " of a killed database with byte " + offset + " changed"
                        + (inLast ? " (inside the last commit's record " + last[0] + ".." + last[1] + ")" : "")
                        + " (used " + used + " B, seed " + SEED + ")";
                stats.add(what, () -> trial(what, f.image().with(log, damaged), log, allowed));
            }
        }
        System.out.println("CorruptionTest log flips: " + stats);
        stats.failIfAny();
    }

    /** First and last byte that differ between two images of a file, or null. */
    private static int[] changedRange(FsImage before, FsImage after, String name) {
        if (!after.names().contains(name)) {
            return null;
        }
        byte[] b = before.names().contains(name) ? before.file(name) : new byte[0];
        byte[] a = after.file(name);
        int first = -1;
        int lastDiff = -1;
        for (int i = 0; i < a.length; i++) {
            byte x = i < b.length ? b[i] : 0;
            if (x != a[i]) {
                if (first < 0) {
                    first = i;
                }
                lastDiff = i;
            }
        }
        return first < 0 ? null : new int[] {first, lastDiff};
    }

    private static Outcome trial(String what, FsImage damaged, String damagedFile, List<NavigableMap<byte[], byte[]>> allowed) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            MemFileIO fs = damaged.restore();
            return DamageTrial.runTrial(what, fs, DIR, TestDb.mem(fs), damagedFile, allowed);
        }, what + ": hung");
    }
}
