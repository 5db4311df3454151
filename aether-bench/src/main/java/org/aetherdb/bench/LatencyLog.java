package org.aetherdb.bench;

import java.util.Arrays;

/** Latencies of one measured run, in nanoseconds, in a growable array (a run may be extended to its minimum cell time). */
final class LatencyLog {
    private long[] nanos;
    private int size;

    LatencyLog(int expected) {
        nanos = new long[Math.max(16, expected)];
    }

    void add(long n) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = n;
    }

    int size() {
        return size;
    }

    void forEach(java.util.function.LongConsumer sink) {
        for (int i = 0; i < size; i++) {
            sink.accept(nanos[i]);
        }
    }

    long sum() {
        long s = 0;
        for (int i = 0; i < size; i++) {
            s += nanos[i];
        }
        return s;
    }

    /** The nearest-rank percentiles {@code ps} (0..1) in microseconds. */
    double[] percentilesMicros(double... ps) {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            int idx = (int) Math.min(size - 1, Math.ceil(ps[i] * size) - 1);
            out[i] = sorted[Math.max(0, idx)] / 1000.0;
        }
        return out;
    }
}
