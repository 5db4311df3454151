package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.EnvironmentImpl;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import jetbrains.exodus.env.Transaction;

/**
 * JetBrains Xodus (log-structured, append-only log of B+tree pages) through its Environments API,
 * one store {@code WITHOUT_DUPLICATES} (no key prefixing).
 *
 * <ul>
 *   <li>sync: {@code exodus.log.durableWrite=true}: every commit fsyncs the log.
 *   <li>nosync: {@code exodus.log.durableWrite=false} (Xodus' default): a commit writes the log
 *       through the OS ({@code write}), no fsync; the log is fsynced on file switches and every
 *       {@code exodus.log.syncPeriod} ms (default 10 s).
 *   <li>cache: {@code exodus.memoryUsage} = the budget (Xodus' log cache, non-shared).
 *   <li>compression: Xodus compresses nothing in the log; no cipher.
 *   <li>background log GC (cleaner) on, as by default.
 * </ul>
 *
 * <p>One read-only transaction per get or scan; values copied out of the iterable into a byte[].
 */
public final class XodusEngine implements KvEngine {
    private Environment env;
    private Store store;
    private EnvironmentConfig config;
    private Settings settings;

    @Override
    public String name() {
        return "xodus";
    }

    @Override
    public void open(Path dir, Settings s) {
        settings = s;
        config = new EnvironmentConfig()
                .setLogDurableWrite(s.sync())
                .setMemoryUsage(s.cacheBytes())
                .setLogCacheShared(false);
        env = Environments.newInstance(dir.toFile(), config);
        store = env.computeInTransaction(txn -> env.openStore("bench", StoreConfig.WITHOUT_DUPLICATES, txn));
    }

    /**
     * One put, one commit. Through {@code executeInTransaction}, which retries the put on a fresh
     * snapshot when {@code commit()} returns false: Xodus transactions are optimistic, and with
     * concurrent writers (YCSB's client threads) a plain {@code commit()} is refused whenever
     * another writer committed first (YCSB load failed with "commit refused" until this).
     */
    @Override
    public void put(byte[] key, byte[] value) {
        ArrayByteIterable k = new ArrayByteIterable(key);
        ArrayByteIterable v = new ArrayByteIterable(value);
        env.executeInTransaction(txn -> store.put(txn, k, v));
    }

    @Override
    public void putBatch(byte[][] keys, byte[][] values) {
        env.executeInTransaction(txn -> {
            for (int i = 0; i < keys.length; i++) {
                store.put(txn, new ArrayByteIterable(keys[i]), new ArrayByteIterable(values[i]));
            }
        });
    }

    @Override
    public void settle() {
        ((EnvironmentImpl) env).flushAndSync();
    }

    private static byte[] copy(ByteIterable b) {
        return Arrays.copyOf(b.getBytesUnsafe(), b.getLength());
    }

    @Override
    public byte[] get(byte[] key) {
        Transaction txn = env.beginReadonlyTransaction();
        try {
            ByteIterable v = store.get(txn, new ArrayByteIterable(key));
            return v == null ? null : copy(v);
        } finally {
            txn.abort();
        }
    }

    @Override
    public ScanResult scan(byte[] startKey, int n) {
        int count = 0;
        long bytes = 0;
        Transaction txn = env.beginReadonlyTransaction();
        try (Cursor c = store.openCursor(txn)) {
            boolean ok = c.getSearchKeyRange(new ArrayByteIterable(startKey)) != null;
            while (ok && count < n) {
                bytes += copy(c.getKey()).length + copy(c.getValue()).length;
                count++;
                ok = c.getNext();
            }
        } finally {
            txn.abort();
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", settings.sync() ? "log.durableWrite=true (fsync per commit)"
                : "log.durableWrite=false (log written per commit, fsync every syncPeriod=" + config.getLogSyncPeriod() + " ms and on file switch)");
        m.put("cache_bytes", Long.toString(settings.cacheBytes()));
        m.put("page_size", "log cache page " + config.getLogCachePageSize() + "; log file " + config.getLogFileSize() + " KiB");
        m.put("compression", "none");
        m.put("notes", "xodus-environment 2.0.1; store WITHOUT_DUPLICATES; memoryUsage=budget, log cache not shared; "
                + "background GC on; flushAndSync after bulk loads; one read-only txn per get/scan");
        return m;
    }

    @Override
    public void close() {
        if (env != null) {
            env.close();
            env = null;
        }
    }
}
