package org.aetherdb.bench.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.ByteIterableBase;
import jetbrains.exodus.FixedLengthByteIterable;
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
 *   <li>compression: none (Xodus has no compression of the log); no cipher.
 *   <li>background log GC (cleaner) on, as by default.
 * </ul>
 *
 * <p>One read-only transaction per get or scan. Each key and value is copied exactly once, into
 * the returned byte[] (see {@link #copy}).
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

    /**
     * Xodus 2.0.1 has no public (array, offset) view of an iterable (no {@code getBaseBytes}), and
     * {@code getBytesUnsafe()} of the sub-iterable a leaf returns ({@code
     * ArrayByteIterableWithAddress$SubIterable}) itself copies whenever its offset is not 0, which
     * for a key or value inside a log page it always is. So that class's backing array and offset
     * are read through VarHandles (the jar is on the class path, not a named module).
     */
    private static final Class<?> SUB_ITERABLE;
    private static final VarHandle SUB_BYTES;
    private static final VarHandle SUB_OFFSET;

    static {
        try {
            SUB_ITERABLE = Class.forName("jetbrains.exodus.log.ArrayByteIterableWithAddress$SubIterable");
            MethodHandles.Lookup base = MethodHandles.privateLookupIn(ByteIterableBase.class, MethodHandles.lookup());
            SUB_BYTES = base.findVarHandle(ByteIterableBase.class, "bytes", byte[].class);
            SUB_OFFSET = MethodHandles.privateLookupIn(SUB_ITERABLE, MethodHandles.lookup())
                    .findVarHandle(SUB_ITERABLE, "offset", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The bytes of {@code b} in a new array, copied once: a log-page sub-iterable from its backing
     * array; a {@link FixedLengthByteIterable} (a record spanning log pages) builds a fresh array of
     * exactly its length in {@code getBytesUnsafe()}, which is returned as is; anything else (an
     * {@link ArrayByteIterable}, whose {@code getBytesUnsafe()} is its own array) is copied.
     */
    static byte[] copy(ByteIterable b) {
        int length = b.getLength();
        if (SUB_ITERABLE.isInstance(b)) {
            int offset = (int) SUB_OFFSET.get(b);
            return Arrays.copyOfRange((byte[]) SUB_BYTES.get(b), offset, offset + length);
        }
        if (b instanceof FixedLengthByteIterable) {
            return b.getBytesUnsafe();
        }
        return Arrays.copyOf(b.getBytesUnsafe(), length);
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
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        Transaction txn = env.beginReadonlyTransaction();
        try (Cursor c = store.openCursor(txn)) {
            boolean ok = c.getSearchKeyRange(new ArrayByteIterable(startKey)) != null;
            while (ok && count < n) {
                byte[] k = copy(c.getKey());
                byte[] v = copy(c.getValue());
                visitor.visit(k, v);
                bytes += k.length + v.length;
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
        m.put("compression", settings.compression() ? "none (Xodus has no compression)" : "none");
        m.put("notes", "xodus-environment 2.0.1; store WITHOUT_DUPLICATES; memoryUsage=budget, log cache not shared; "
                + "background GC on; flushAndSync after bulk loads; one read-only txn per get/scan; "
                + "each key/value copied once into the result");
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
