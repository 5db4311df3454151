package org.aetherdb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.aetherdb.bench.engine.KvEngine;

/**
 * One run of the mixed group: {@link #WRITERS} threads put, {@link #READERS} threads get and check,
 * all on one store, for a fixed time. Writers rewrite each key's loaded value, so every read can be
 * checked exactly while writes go on.
 */
final class MixedRun {
    static final int WRITERS = 4;
    static final int READERS = 4;

    private final BenchChild c;
    private final KvEngine e;
    private final Values vals;
    private final int keys;
    private final double seconds;
    private final int run;
    private final long[] writes = new long[WRITERS];
    private final LatencyLog[] readLat = new LatencyLog[READERS];
    private final RuntimeException[] failed = new RuntimeException[WRITERS + READERS];
    private double elapsed;

    MixedRun(BenchChild c, KvEngine e, Values vals, int keys, double seconds, int run) {
        this.c = c;
        this.e = e;
        this.vals = vals;
        this.keys = keys;
        this.seconds = seconds;
        this.run = run;
    }

    void run(LongFunction<byte[]> key) throws InterruptedException {
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < WRITERS + READERS; t++) {
            int id = t;
            c.emitSeed("mixed", run, id);
            SplittableRandom r = new SplittableRandom(BenchChild.seed("mixed", c.round, run, id));
            if (id < WRITERS) {
                ts.add(Thread.ofPlatform().start(() -> guarded(id, () -> write(id, r, key, end))));
            } else {
                readLat[id - WRITERS] = new LatencyLog(1 << 16);
                ts.add(Thread.ofPlatform().start(() -> guarded(id, () -> read(readLat[id - WRITERS], r, key, end))));
            }
        }
        for (Thread t : ts) {
            t.join();
        }
        elapsed = (System.nanoTime() - t0) / 1e9;
        for (RuntimeException ex : failed) {
            if (ex != null) {
                throw ex;
            }
        }
    }

    private void guarded(int id, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException ex) {
            failed[id] = ex;
        }
    }

    private void write(int id, SplittableRandom r, LongFunction<byte[]> key, long end) {
        while (System.nanoTime() < end) {
            byte[] k = key.apply(r.nextInt(keys));
            e.put(k, vals.of(k));
            writes[id]++;
        }
    }

    private void read(LatencyLog lat, SplittableRandom r, LongFunction<byte[]> key, long end) {
        while (System.nanoTime() < end) {
            byte[] k = key.apply(r.nextInt(keys));
            long a = System.nanoTime();
            byte[] v = e.get(k);
            lat.add(System.nanoTime() - a);
            vals.check(c.engineName, "mixed read", k, v);
        }
    }

    double writeOpsPerS() {
        long sum = 0;
        for (long w : writes) {
            sum += w;
        }
        return sum / elapsed;
    }

    double readOpsPerS() {
        long sum = 0;
        for (LatencyLog l : readLat) {
            sum += l.size();
        }
        return sum / elapsed;
    }

    double readP99Micros() {
        LatencyLog all = new LatencyLog(1 << 16);
        for (LatencyLog l : readLat) {
            l.forEach(all::add);
        }
        return all.percentilesMicros(0.99)[0];
    }
}
