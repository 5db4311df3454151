package org.aetherdb.btree;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the page search of the tree ({@link Search#find}, package-private, reached from the same
 * package name) over the sorted keys of one node, and the key compare it is built on
 * ({@link Arrays#compareUnsigned}, what {@code Search} calls), for 16 B keys that share a prefix of
 * {@code prefix} bytes. Node sizes 64 and 256 keys: a 16 KiB leaf of 100 B values holds about 120.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SearchBench {
    @Param({"64", "256"})
    int keysPerNode;

    @Param({"0", "12"})
    int prefix;

    private byte[][] keys;
    private byte[][] probes;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        keys = new byte[keysPerNode][];
        for (int i = 0; i < keysPerNode; i++) {
            keys[i] = key(r);
        }
        Arrays.sort(keys, Arrays::compareUnsigned);
        probes = new byte[1024][];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = i % 2 == 0 ? keys[r.nextInt(keysPerNode)].clone() : key(r);
        }
    }

    private byte[] key(SplittableRandom r) {
        byte[] k = new byte[16];
        r.nextBytes(k);
        Arrays.fill(k, 0, prefix, (byte) 7);
        return k;
    }

    @Benchmark
    public int nodeSearch() {
        return Search.find(keys, probes[next++ & 1023]);
    }

    @Benchmark
    public int keyCompare() {
        int i = next++ & 1023;
        return Arrays.compareUnsigned(probes[i], keys[i % keysPerNode]);
    }
}
