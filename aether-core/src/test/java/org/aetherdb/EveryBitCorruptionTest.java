package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import org.aetherdb.DamageTrial.Outcome;
import org.aetherdb.DamageTrial.Stats;
import org.aetherdb.io.FileIO;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * Single-bit flips across every byte of every file, and every truncation of every file at a
 * 512-byte sector boundary, of a small database left by kill -9 (the log holds records after the
 * checkpoint).
 * Each damaged copy is opened, read every way and verified ({@link DamageTrial}): the result is
 * exactly the right data, or a {@link CorruptionException} naming the damaged file and an offset,
 * or (only for damage inside the last log record, which no later record shows durable: the
 * documented torn-tail rule) the state before the last commit. Any other outcome fails.
 *
 * <p>The database ({@link #build}): 4 KiB pages, a root branch over leaves, three out-of-line
 * values (one written after the checkpoint, so only the log refers to it), two values kept in the
 * log (one the checkpoint's tree refers to, one only a record after it), a free list (two
 * checkpoints), and SYNC commits after the checkpoint.
 *
 * <p>Bounds. The CI run ({@link #bitsToFlip}) flips one bit (bit {@code offset % 8}) of every
 * byte within 16 bytes of a non-zero byte, and of every 64th byte of longer zero runs; damaged
 * copies of the log's records and of every 32nd byte are opened writable (recovery checkpoint,
 * close checkpoint), the rest read-only (the same recovery and decoding, no writes).
 * {@code -Daether.corruption.everyBit.full=true} flips every bit of every file, the whole
 * preallocated log segment included (64 KiB, the smallest allowed: about 880,000 trials), each
 * opened writable; {@code -Daether.corruption.everyBit.part=K/N} splits that over N processes.
 * {@code -Daether.corruption.everyBit.keys=N} makes the database bigger (default
 * {@value #DEFAULT_KEYS} keys).
 */
class EveryBitCorruptionTest {
    private static final Path DIR = TestDb.MEM_DIR;
    static final int SECTOR = 512;
    private static final int DEFAULT_KEYS = 70;
    private static final int KEYS = Integer.getInteger("aether.corruption.everyBit.keys", DEFAULT_KEYS);
    private static final boolean FULL = Boolean.getBoolean("aether.corruption.everyBit.full");
    /**
     * Bits handled by this JVM with {@code -Daether.corruption.everyBit.part=K/N}: those whose
     * index is {@code K} modulo {@code N}, so a long run can be split over processes (default 0/1).
     */
    private static final int[] PART = part(System.getProperty("aether.corruption.everyBit.part", "0/1"));
    /** Log segment size of the fixture: the smallest allowed, so that every bit of it can be flipped. */
    static final int SEGMENT = 64 << 10;
    private static final int NEAR = 16;
    private static final int ZERO_STRIDE = 64;

    /** The killed database image, the state it must show, the state before its last commit, where that commit's record lies. */
    record Fixture(FsImage image, NavigableMap<byte[], byte[]> model, NavigableMap<byte[], byte[]> beforeLast,
                   String lastLog, int lastFrom, int lastTo) {}

    static byte[] key(int i) {
        return Bytes.utf8(String.format("key-%05d-%s", i, "k".repeat(i % 7 * 3)));
    }

    static Fixture build(int keys) {
        MemFileIO fs = TestDb.newMem();
        NavigableMap<byte[], byte[]> model = Bytes.newModel();
        AetherDB db = AetherDB.open(DIR, options(fs).build());
        try {
            WriteBatch b = new WriteBatch();
            for (int i = 0; i < keys; i++) {
                byte[] v = Bytes.pattern(i, 40 + i % 50);
                b.put(key(i), v);
                model.put(key(i), v);
            }
            byte[] big1 = Bytes.pattern(1001, 1500);
            byte[] big2 = Bytes.pattern(1002, 2500);
            b.put(key(3), big1);
            model.put(key(3), big1);
            b.put(key(keys / 2), big2);
            model.put(key(keys / 2), big2);
            byte[] logged1 = Bytes.pattern(1004, 700); // kept in the log; the checkpoint's leaf refers to it
            b.put(key(4), logged1);
            model.put(key(4), logged1);
            db.write(b);
            db.checkpoint();
            byte[] v0 = Bytes.pattern(5000, 10);
            db.put(key(0), v0);
            model.put(key(0), v0);
            db.delete(key(5));
            model.remove(key(5));
            db.checkpoint(); // frees the first checkpoint's copies of the rewritten pages: a free list
            byte[] big3 = Bytes.pattern(1003, 1300);
            db.put(key(keys - 1), big3); // out-of-line value only the log refers to
            model.put(key(keys - 1), big3);
            db.delete(key(1));
            model.remove(key(1));
            byte[] logged2 = Bytes.pattern(1005, 900); // kept in the log; only the log refers to it
            db.put(key(6), logged2);
            model.put(key(6), logged2);
            WriteBatch b2 = new WriteBatch();
            b2.put(key(2), Bytes.pattern(7, 3));
            b2.put(Bytes.utf8("zz-new"), Bytes.pattern(8, 33));
            model.put(key(2), Bytes.pattern(7, 3));
            model.put(Bytes.utf8("zz-new"), Bytes.pattern(8, 33));
            db.write(b2);
            NavigableMap<byte[], byte[]> beforeLast = Bytes.copy(model);
            FsImage before = FsImage.processCrash(fs, DIR);
            byte[] lastValue = Bytes.pattern(99, 60);
            db.put(key(10), lastValue);
            model.put(key(10), lastValue);
            FsImage killed = FsImage.processCrash(fs, DIR);
            List<String> logs = killed.names().stream().filter(TestDb::isLog).toList();
            assertEquals(1, logs.size(), "one log segment expected: " + killed.names());
            String log = logs.get(0);
            int[] last = changedRange(before.file(log), killed.file(log));
            return new Fixture(killed, model, beforeLast, log, last[0], last[1]);
        } finally {
            TestDb.closeQuietly(db);
        }
    }

    private static int[] changedRange(byte[] before, byte[] after) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < after.length; i++) {
            if ((i < before.length ? before[i] : 0) != after[i]) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        assertTrue(first >= 0, "the last commit changed no byte of the log");
        return new int[] {first, last};
    }

    /** A trial on an image in which {@code file} has the bytes {@code damaged}. */
    private static Outcome trial(DamageTrial.Runner runner, Fixture f, String what, String file, byte[] damaged, boolean tornTailAllowed) {
        return trial(runner, f, what, file, damaged, tornTailAllowed, false);
    }

    private static Outcome trial(DamageTrial.Runner runner, Fixture f, String what, String file, byte[] damaged, boolean tornTailAllowed,
                                 boolean readOnly) {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        for (String name : f.image().names()) {
            fs.setContents(DIR.resolve(name), name.equals(file) ? damaged : f.image().file(name));
        }
        List<NavigableMap<byte[], byte[]>> allowed = tornTailAllowed ? List.of(f.model(), f.beforeLast()) : List.of(f.model());
        Options options = options(fs).readOnly(readOnly).build();
        return runner.run(what + (readOnly ? " (read-only open)" : ""), fs, DIR, options, file, allowed);
    }

    /**
     * The bit indexes flipped in {@code file}. Full mode: every bit. CI mode: one bit of every byte
     * that lies within {@value #NEAR} bytes of a non-zero byte (bit {@code offset % 8}, so every
     * bit position is hit in every structure: headers, keys, values, checksums, free list, log
     * records), and one bit of every {@value #ZERO_STRIDE}th byte of longer runs of zeros
     * (superblock reserved bytes, page tails, the log's preallocated space).
     */
    static long[] bitsToFlip(byte[] file) {
        return Arrays.stream(selectBits(file)).filter(bit -> bit % PART[1] == PART[0]).toArray();
    }

    private static long[] selectBits(byte[] file) {
        if (FULL) {
            long[] all = new long[file.length * 8];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] lastNonZero = new int[file.length];
        int last = -NEAR - 1;
        for (int i = 0; i < file.length; i++) {
            last = file[i] != 0 ? i : last;
            lastNonZero[i] = last;
        }
        List<Long> bits = new ArrayList<>();
        int next = Integer.MAX_VALUE;
        for (int i = file.length - 1; i >= 0; i--) {
            next = file[i] != 0 ? i : next;
            boolean near = i - lastNonZero[i] <= NEAR || (long) next - i <= NEAR;
            if (near || i % ZERO_STRIDE == 0) {
                bits.add(i * 8L + i % 8);
            }
        }
        java.util.Collections.reverse(bits);
        return bits.stream().mapToLong(Long::longValue).toArray();
    }

    static Options.Builder options(FileIO fs) {
        // Values too large for a leaf stay in the data file (the fixture's out-of-line values);
        // those kept in the log are the two below the inline limit (the same reference and record path).
        return TestDb.options(fs).walSegmentSize(SEGMENT).logValuesUpTo(0);
    }

    private static int[] part(String spec) {
        String[] kn = spec.split("/");
        int k = Integer.parseInt(kn[0]);
        int n = Integer.parseInt(kn[1]);
        if (n < 1 || k < 0 || k >= n) {
            throw new IllegalArgumentException("aether.corruption.everyBit.part must be K/N with 0 <= K < N, got " + spec);
        }
        return new int[] {k, n};
    }

    /**
     * Full mode opens every damaged copy writable; CI mode opens writable for damage in the log's
     * records (up to 512 bytes past the last one) and in every 32nd byte, read-only otherwise.
     */
    static boolean writable(String name, long bit, int used) {
        return FULL || (TestDb.isLog(name) && (bit >>> 3) < used + SECTOR) || (bit >>> 3) % 32 == 0;
    }

    @Test
    void everyBitOfEveryFileFlipped() {
        long t0 = System.nanoTime();
        Fixture f = build(KEYS);
        Stats total = new Stats();
        StringBuilder report = new StringBuilder();
        try (DamageTrial.Runner runner = new DamageTrial.Runner(60)) {
            assertEquals(Outcome.EXACT, trial(runner, f, "undamaged killed database", f.lastLog(), f.image().file(f.lastLog()), false),
                    "control trial");
            for (String name : f.image().names()) {
                byte[] clean = f.image().file(name);
                long[] bits = bitsToFlip(clean);
                Stats stats = new Stats();
                for (long bit : bits) {
                    int off = (int) (bit >>> 3);
                    byte[] damaged = clean.clone();
                    damaged[off] ^= (byte) (1 << (bit & 7));
                    boolean inLast = name.equals(f.lastLog()) && off >= f.lastFrom() && off <= f.lastTo();
                    String what = name + " (" + clean.length + " B) with bit " + (bit & 7) + " of byte " + off + " flipped"
                            + (inLast ? " (inside the last record)" : "");
                    boolean readOnly = !writable(name, bit, f.image().usedLength(name));
                    Outcome o = countInto(stats, total, what, () -> trial(runner, f, what, name, damaged, inLast, readOnly));
                    if (o == Outcome.OLDER_ALLOWED && !inLast) {
                        throw new AssertionError("impossible: " + what);
                    }
                }
                report.append("\n  ").append(name).append(" (").append(clean.length).append(" B, ").append(bits.length)
                        .append(" bits flipped): ").append(stats);
            }
        }
        System.out.println("EveryBitCorruptionTest flips (" + KEYS + " keys, part " + PART[0] + "/" + PART[1] + (FULL ? ", every bit" : "")
                + "):" + report
                + "\n  all files: " + total + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        total.failIfAny();
        assertTrue(total.corruptionReported > 0 && total.exact > 0, "both outcomes must occur: " + total);
    }

    @Test
    void everyFileTruncatedAtEverySector() {
        long t0 = System.nanoTime();
        Fixture f = build(KEYS);
        Stats total = new Stats();
        StringBuilder report = new StringBuilder();
        try (DamageTrial.Runner runner = new DamageTrial.Runner(60)) {
            for (String name : f.image().names()) {
                byte[] clean = f.image().file(name);
                Stats stats = new Stats();
                for (int len = 0; len < clean.length; len = nextCut(len, clean.length)) {
                    byte[] cut = Arrays.copyOf(clean, len);
                    boolean tailOnly = name.equals(f.lastLog()) && len > f.lastFrom() && len <= f.lastTo();
                    String what = name + " cut from " + clean.length + " to " + len + " bytes";
                    countInto(stats, total, what, () -> trial(runner, f, what, name, cut, tailOnly));
                }
                report.append("\n  ").append(name).append(" (").append(clean.length).append(" B): ").append(stats);
            }
        }
        System.out.println("EveryBitCorruptionTest truncations at every " + SECTOR + "-byte sector:" + report + "\n  all files: " + total
                + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        total.failIfAny();
    }

    /**
     * Regression: a damaged out-of-line value that only a durable log record refers to was
     * reported as corruption of the log (the record "is damaged but a later record shows it was
     * durable"), not of the data file that holds the damaged bytes.
     */
    @Test
    void damagedValueOfADurableLogRecordNamesTheDataFile() {
        Fixture f = build(KEYS);
        String data = f.image().names().stream().filter(n -> !TestDb.isLog(n) && !n.equals("LOCK")).findFirst().orElseThrow();
        byte[] clean = f.image().file(data);
        byte[] value = Bytes.pattern(1003, 1300);
        int at = indexOf(clean, value);
        assertTrue(at > 0, "the log-only value must be in the data file");
        byte[] damaged = clean.clone();
        damaged[at + 100] ^= 0x10;
        try (DamageTrial.Runner runner = new DamageTrial.Runner(60)) {
            assertEquals(Outcome.CORRUPTION, trial(runner, f, data + " with the log-only value damaged", data, damaged, false));
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int nextCut(int len, int length) {
        return len + SECTOR;
    }

    private static Outcome countInto(Stats stats, Stats total, String what, java.util.function.Supplier<Outcome> trial) {
        Outcome[] seen = {null};
        java.util.function.Supplier<Outcome> once = () -> seen[0] = trial.get();
        stats.add(what, once);
        if (seen[0] == null) {
            total.failures.add(stats.failures.getLast());
        } else {
            switch (seen[0]) {
                case EXACT -> total.exact++;
                case OLDER_ALLOWED -> total.olderAllowed++;
                case CORRUPTION -> total.corruptionReported++;
            }
        }
        return seen[0];
    }
}
