package org.aetherdb.crash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.SimAccess;
import org.aetherdb.WriteBatch;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.spec.KvSpec;

/**
 * A deterministic single-writer workload: commits (each a {@link WriteBatch}), checkpoints and
 * reopens, and the durability property its crash states must satisfy.
 *
 * <p><b>Durability property</b>: the executable specification's, {@link KvSpec#isAllowedAfterCrash}:
 * after a crash the database holds the result of a prefix of the committed transactions that
 * contains every acknowledged SYNC commit. At a crash point the script knows {@code lo}, the
 * last commit acknowledged under SYNC or made durable by a finished {@code checkpoint()} or
 * {@code close()} (the spec's {@link KvSpec#markDurable}), and {@code hi}, the last commit issued
 * (one in flight may or may not survive: the spec's {@link KvSpec#commitInDoubt}). {@link #check}
 * replays commits 1..hi into a {@link KvSpec} accordingly and asks it. Every commit also writes
 * key {@link #SEQ} = its number, so every state is distinct and a failure can say which commit
 * the recovered state claims to be.
 */
final class Script {
    static final byte[] SEQ = "~seq".getBytes(StandardCharsets.UTF_8);

    sealed interface Step {}

    record Commit(WriteBatch batch) implements Step {}

    record Checkpoint() implements Step {}

    record WriteBehind() implements Step {}

    record Compact() implements Step {}

    record Reopen() implements Step {}

    private final String name;
    private final Durability durability;
    private final List<Step> steps = new ArrayList<>();
    private long segmentSize = CrashExplorer.SEGMENT_SIZE;
    private int logValuesUpTo = org.aetherdb.Options.DEFAULT_LOG_VALUES_UP_TO;
    /** Value bytes the script's compact steps rewrote in its last run. */
    long compacted;
    /** models.get(j): the state after commit j. */
    private final List<NavigableMap<byte[], byte[]>> models = new ArrayList<>();
    /** ops.get(j - 1): commit j as the specification's operations. */
    private final List<List<KvSpec.Op>> ops = new ArrayList<>();
    /** The specification at crash bounds (lo, hi), built once per pair: crash states share few bounds. */
    private final Map<Long, KvSpec> specs = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int lo;
    private volatile int hi;
    private volatile String during = "create";

    Script(String name, Durability durability) {
        this.name = name;
        this.durability = durability;
        models.add(newMap());
    }

    String name() {
        return name + " (" + durability + ")";
    }

    int commits() {
        return models.size() - 1;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    Durability durability() {
        return durability;
    }

    /** The state after commit j. */
    NavigableMap<byte[], byte[]> model(int j) {
        return models.get(j);
    }

    static NavigableMap<byte[], byte[]> newMap() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    /** Appends a commit that puts and deletes what {@code batch} says, plus the sequence key. */
    Script commit(Map<byte[], byte[]> puts, List<byte[]> deletes) {
        NavigableMap<byte[], byte[]> model = newMap();
        model.putAll(models.getLast());
        WriteBatch b = new WriteBatch();
        List<KvSpec.Op> specOps = new ArrayList<>();
        for (byte[] k : deletes) {
            b.delete(k);
            model.remove(k);
            specOps.add(KvSpec.Op.delete(k));
        }
        for (Map.Entry<byte[], byte[]> e : puts.entrySet()) {
            b.put(e.getKey(), e.getValue());
            model.put(e.getKey(), e.getValue());
            specOps.add(KvSpec.Op.put(e.getKey(), e.getValue()));
        }
        byte[] seq = seqValue(models.size());
        b.put(SEQ, seq);
        model.put(SEQ, seq);
        specOps.add(KvSpec.Op.put(SEQ, seq));
        models.add(model);
        ops.add(List.copyOf(specOps));
        steps.add(new Commit(b));
        return this;
    }

    Script checkpoint() {
        steps.add(new Checkpoint());
        return this;
    }

    /**
     * {@code AetherDB.compact()}: the collector rewrites the live values of mostly dead log
     * segments (commits of their own, which change no value), then a checkpoint releases the
     * segments (deleted or renamed to spares): everything before it is durable after it.
     */
    Script compact() {
        steps.add(new Compact());
        return this;
    }

    /** {@code Options.logValuesUpTo}: values too large for a leaf and longer than this go to the data file (0: all of them). */
    Script logValuesUpTo(int bytes) {
        this.logValuesUpTo = bytes;
        return this;
    }

    /** The options this script opens its database with. */
    org.aetherdb.Options options(MemFileIO fs) {
        return CrashExplorer.options(fs, durability, segmentSize).toBuilder().logValuesUpTo(logValuesUpTo).build();
    }

    /** Log segments of {@code bytes} (default 1 MiB): small ones give several segments for few commits. */
    Script segmentSize(long bytes) {
        this.segmentSize = bytes;
        return this;
    }

    /** The log forced without the commit lock, as the background does behind no-fsync writers: promises nothing more. */
    Script writeBehind() {
        steps.add(new WriteBehind());
        return this;
    }

    Script reopen() {
        steps.add(new Reopen());
        return this;
    }

    /**
     * Appends {@code n} random commits: each puts 1..{@code maxOps} keys out of {@code keys}
     * (values {@code minValue}..{@code maxValue} bytes; one in {@code largeEvery} a value of
     * {@code largeSize} bytes stored out of line, 0: never) and deletes one in four.
     */
    Script randomCommits(Random r, int n, int keys, int maxOps, int minValue, int maxValue, int largeEvery, int largeSize) {
        for (int i = 0; i < n; i++) {
            Map<byte[], byte[]> puts = new TreeMap<>(Arrays::compareUnsigned);
            List<byte[]> deletes = new ArrayList<>();
            int ops = 1 + r.nextInt(maxOps);
            for (int j = 0; j < ops; j++) {
                byte[] k = ("k" + r.nextInt(keys)).getBytes(StandardCharsets.UTF_8);
                if (r.nextInt(4) == 0 && !puts.containsKey(k)) {
                    deletes.add(k);
                } else {
                    boolean large = largeEvery > 0 && r.nextInt(largeEvery) == 0;
                    int len = large ? largeSize : minValue + r.nextInt(maxValue - minValue + 1);
                    byte[] v = new byte[len];
                    r.nextBytes(v);
                    puts.put(k, v);
                }
            }
            commit(puts, deletes);
        }
        return this;
    }

    private static byte[] seqValue(int j) {
        return String.format("%08d", j).getBytes(StandardCharsets.UTF_8);
    }

    /** Which commits a crash now may show. */
    CrashExplorer.Bounds bounds() {
        return new CrashExplorer.Bounds(lo, hi, during);
    }

    /** Runs the script on {@code fs} (creating the database), ending with a close. */
    void run(MemFileIO fs) {
        compacted = 0;
        AetherDB db = AetherDB.open(CrashExplorer.DIR, options(fs));
        int done = 0;
        try {
            for (Step s : steps) {
                switch (s) {
                    case Commit c -> {
                        done++;
                        hi = done;
                        during = "during commit " + done;
                        db.write(c.batch());
                        if (durability == Durability.SYNC) {
                            lo = done;
                        }
                        during = "after commit " + done;
                    }
                    case Checkpoint c -> {
                        during = "during checkpoint after commit " + done;
                        db.checkpoint();
                        lo = done;
                        during = "after checkpoint after commit " + done;
                    }
                    case WriteBehind w -> {
                        during = "during write-behind after commit " + done;
                        SimAccess.writeBehind(db);
                        during = "after write-behind after commit " + done;
                    }
                    case Compact c -> {
                        during = "during compact after commit " + done;
                        compacted += db.compact();
                        lo = done;
                        during = "after compact after commit " + done;
                    }
                    case Reopen r -> {
                        during = "during close (reopen) after commit " + done;
                        db.close();
                        lo = done;
                        during = "during reopen after commit " + done;
                        db = AetherDB.open(CrashExplorer.DIR, options(fs));
                        during = "after reopen after commit " + done;
                    }
                }
            }
            during = "during the final close after commit " + done;
        } finally {
            db.close();
        }
        lo = done;
        during = "after the final close";
    }

    /** Every entry, by a forward scan. */
    static NavigableMap<byte[], byte[]> readAll(AetherDB db) {
        NavigableMap<byte[], byte[]> out = newMap();
        try (Cursor c = db.newCursor()) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                out.put(c.key(), c.value());
            }
        }
        return out;
    }

    /**
     * Checks the durability property for a recovered {@code state} with the executable
     * specification: {@link KvSpec#isAllowedAfterCrash} of a spec that acknowledged commits
     * 1..lo (durable: SYNC, or made so by a checkpoint or close) and has commits lo+1..hi
     * acknowledged under this script's weaker durability or, for SYNC, in doubt. Returns the
     * commit j whose state it is.
     */
    int check(NavigableMap<byte[], byte[]> state, int lo, int hi, String where) {
        List<Long> allowed = specAt(lo, hi).sequencesAllowedAfterCrash(state);
        if (allowed.size() == 1) {
            return Math.toIntExact(allowed.getFirst());
        }
        if (allowed.size() > 1) {
            throw new IllegalStateException(where + ": states of commits " + allowed + " are equal; every commit must write " + new String(SEQ, StandardCharsets.UTF_8));
        }
        byte[] seq = state.get(SEQ);
        int j = seq == null ? 0 : Integer.parseInt(new String(seq, StandardCharsets.UTF_8));
        if (j < lo || j > hi || j >= models.size()) {
            throw new AssertionError(where + ": recovered the state of commit " + j + (j < lo ? ": acknowledged commits lost" : ": never issued"));
        }
        throw new AssertionError(where + ": recovered state claims commit " + j + " but is not the state after it: " + diff(models.get(j), state));
    }

    /** The specification after commits 1..hi, of which 1..lo are durable; see {@link #check}. */
    KvSpec specAt(int lo, int maxIssued) {
        int hi = Math.min(maxIssued, ops.size()); // callers pass Integer.MAX_VALUE for "any commit issued"
        if (lo < 0 || lo > hi) {
            throw new IllegalArgumentException("crash bounds " + lo + ".." + maxIssued + " of " + ops.size() + " commits");
        }
        return specs.computeIfAbsent(((long) lo << 32) | hi, key -> {
            KvSpec spec = new KvSpec();
            for (int j = 1; j <= lo; j++) {
                spec.write(ops.get(j - 1), specDurability());
            }
            spec.markDurable();
            for (int j = lo + 1; j <= hi; j++) {
                if (durability == Durability.SYNC && hi == lo + 1) {
                    spec.commitInDoubt(ops.get(j - 1)); // the one SYNC commit in flight: not acknowledged
                } else {
                    // acknowledged without fsync (or, after a recorded failure, unknown): may be lost as a suffix
                    spec.write(ops.get(j - 1), durability == Durability.SYNC ? KvSpec.Durability.NONE : specDurability());
                }
            }
            return spec;
        });
    }

    private KvSpec.Durability specDurability() {
        return KvSpec.Durability.valueOf(durability.name());
    }

    private static String diff(NavigableMap<byte[], byte[]> want, NavigableMap<byte[], byte[]> got) {
        StringBuilder sb = new StringBuilder("expected " + want.size() + " entries, found " + got.size());
        int shown = 0;
        for (Map.Entry<byte[], byte[]> e : want.entrySet()) {
            if (!Arrays.equals(e.getValue(), got.get(e.getKey())) && shown++ < 5) {
                sb.append("; ").append(new String(e.getKey(), StandardCharsets.UTF_8)).append(got.containsKey(e.getKey()) ? " differs" : " missing");
            }
        }
        for (byte[] k : got.keySet()) {
            if (!want.containsKey(k) && shown++ < 10) {
                sb.append("; unexpected ").append(new String(k, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }
}
