package org.aetherdb.bench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every adapter ({@link Engines#ALL} and {@link Engines#VARIANTS}) at small settings: 1000 pairs in
 * (half one put each, half one batch), read back byte for byte, a 100-pair scan, a reopen, the five
 * describe() keys; the same with compression requested; LMDB's per-thread read transactions from
 * four threads; RocksDB's transactions adapter.
 */
class EngineAdaptersTest {
    private static final int N = 1000;
    private static final Settings SMALL = new Settings(false, 16L << 20, 1L << 30, false);
    private static final Settings SMALL_COMPRESSED = new Settings(false, 16L << 20, 1L << 30, true);

    static Stream<String> engines() {
        return Stream.concat(Engines.ALL.stream(), Engines.VARIANTS.stream());
    }

    static byte[] key(int i) {
        return String.format("key-%06d", i).getBytes(StandardCharsets.US_ASCII);
    }

    /** Mostly 1..300 bytes; every 250th is 70 KiB (across Xodus' 64 KiB log pages, RocksDB blocks, LMDB overflow pages). */
    static byte[] value(int i) {
        SplittableRandom r = new SplittableRandom(i);
        byte[] v = new byte[i % 250 == 7 ? 70 << 10 : 1 + r.nextInt(300)];
        r.nextBytes(v);
        return v;
    }

    static void load(KvEngine e) {
        for (int i = 0; i < N / 2; i++) {
            e.put(key(i), value(i));
        }
        byte[][] keys = new byte[N / 2][];
        byte[][] values = new byte[N / 2][];
        for (int i = N / 2; i < N; i++) {
            keys[i - N / 2] = key(i);
            values[i - N / 2] = value(i);
        }
        e.putBatch(keys, values);
        e.settle();
    }

    static void checkAll(KvEngine e) {
        for (int i = 0; i < N; i++) {
            assertArrayEquals(value(i), e.get(key(i)), e.name() + " key " + i);
        }
        assertNull(e.get(key(N + 1)), e.name());
    }

    /** A scan from a key between 499 and 500 visits 500..599: count and key+value bytes. */
    static void checkScan(KvEngine e) {
        byte[] start = "key-000499x".getBytes(StandardCharsets.US_ASCII);
        long bytes = 0;
        for (int i = 500; i < 600; i++) {
            bytes += key(i).length + value(i).length;
        }
        assertEquals(new KvEngine.ScanResult(100, bytes), e.scan(start, 100), e.name());
        assertEquals(2, e.scan(key(N - 2), 100).count(), e.name());
    }

    static void checkDescribe(KvEngine e) {
        Map<String, String> d = e.describe();
        assertEquals(List.of("durability", "cache_bytes", "page_size", "compression", "notes"), List.copyOf(d.keySet()), e.name());
        d.values().forEach(v -> assertTrue(!v.isBlank() && v.indexOf('\n') < 0 && v.indexOf('\t') < 0, e.name() + ": " + d));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void roundTripScanReopen(String name, @TempDir Path dir) throws Exception {
        KvEngine e = Engines.create(name);
        assertEquals(name, e.name());
        e.open(dir, SMALL);
        load(e);
        checkAll(e);
        checkScan(e);
        checkDescribe(e);
        e.close();
        e.open(dir, SMALL);
        checkAll(e);
        checkScan(e);
        e.close();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void compressionRequested(String name, @TempDir Path dir) throws Exception {
        try (KvEngine e = Engines.create(name)) {
            e.open(dir, SMALL_COMPRESSED);
            load(e);
            checkAll(e);
            checkScan(e);
            checkDescribe(e);
            String c = e.describe().get("compression");
            assertTrue(name.equals("rocksdb") ? c.startsWith("RocksDB default: ") : c.startsWith("none ("), name + ": " + c);
        }
    }

    @Test
    void rocksDescribesTheSharedMemoryBudget(@TempDir Path dir) throws Exception {
        try (KvEngine e = Engines.create("rocksdb")) {
            e.open(dir, SMALL);
            Map<String, String> d = e.describe();
            assertTrue(d.get("cache_bytes").contains("WriteBufferManager(" + (4L << 20) + ")"), d.toString());
            assertTrue(d.get("notes").contains("write_buffer_size=" + (2L << 20)), d.toString());
            assertTrue(d.get("compression").startsWith("none"), d.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lmdb", "lmdb-writemap"})
    void lmdbReadsFromFourThreads(String name, @TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KvEngine e = Engines.create(name)) {
            e.open(dir, SMALL);
            load(e);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> readRandomly(e, seed)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            e.put(key(3), value(4)); // a write after the readers reset: visible to their renewed txns
            done.clear();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> assertArrayEquals(value(4), e.get(key(3)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void readRandomly(KvEngine e, int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int j = 0; j < 2000; j++) {
            int i = r.nextInt(N);
            assertArrayEquals(value(i), e.get(key(i)), "key " + i);
            if (j % 100 == 0) {
                checkScan(e);
            }
        }
    }

    @Test
    void rocksTransactionsAdapter(@TempDir Path dir) throws Exception {
        try (TxnEngine e = TxnEngine.create("rocksdb")) {
            e.open(dir, SMALL);
            byte[][] keys = {key(1), key(2)};
            e.load(keys, value(1));
            assertTrue(e.readWriteCommit(key(1), key(2), value(1), true));
            assertTrue(e.readWriteCommit(key(2), key(1), value(1), false));
            // every key holds the one value the workload writes: a read of anything else fails, named
            IllegalStateException wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> e.readWriteCommit(key(1), key(2), value(2), true));
            assertTrue(wrong.getMessage().startsWith("rocksdb: a transaction read a wrong value"), wrong.getMessage());
            assertEquals(List.of("durability", "cache_bytes", "page_size", "compression", "notes"), List.copyOf(e.describe().keySet()));
        }
    }
}
