package org.aetherdb.bench.engine;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/**
 * LMDB through lmdbjava (needs {@code --add-opens java.base/java.nio=ALL-UNNAMED --add-opens
 * java.base/sun.nio.ch=ALL-UNNAMED} on JDK 25). No cache of its own: reads go through the OS page
 * cache of the memory map, so the cache budget does not apply. No compression (LMDB has none).
 *
 * <ul>
 *   <li>{@code lmdb}: sync = {@code MDB_NOTLS} only (fsync per commit); nosync = {@code
 *       MDB_NOTLS|MDB_NOSYNC|MDB_NOMETASYNC}.
 *   <li>{@code lmdb-writemap} ({@code new LmdbEngine(true)}): sync = {@code MDB_NOTLS|MDB_WRITEMAP}
 *       (msync per commit); nosync = {@code MDB_NOTLS|MDB_WRITEMAP|MDB_NOSYNC|MDB_NOMETASYNC}.
 * </ul>
 *
 * <p>Reads reuse one read-only transaction per thread (held in a ThreadLocal): {@code renew()}
 * before a get or scan, {@code reset()} after it, so a thread holds no snapshot between
 * operations. {@code MDB_NOTLS} keeps the reader slot with the transaction rather than the OS
 * thread; every such transaction is tracked and closed by {@link #close()}. Each thread keeps its
 * reader slot (126 at most). Values are copied out of the map into a byte[].
 */
public final class LmdbEngine implements KvEngine {
    private final boolean writemap;
    private Env<ByteBuffer> env;
    private Dbi<ByteBuffer> dbi;
    private Settings settings;
    private EnvFlags[] flags;
    private ThreadLocal<Txn<ByteBuffer>> readTxn;
    private final Queue<Txn<ByteBuffer>> readTxns = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<ByteBuffer> keyBuf = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(511));
    private ByteBuffer valueBuf = ByteBuffer.allocateDirect(1 << 16);

    /** Plain {@code lmdb}. */
    public LmdbEngine() {
        this(false);
    }

    /** {@code writemap}: the {@code lmdb-writemap} variant ({@code MDB_WRITEMAP}). */
    public LmdbEngine(boolean writemap) {
        this.writemap = writemap;
    }

    @Override
    public String name() {
        return writemap ? "lmdb-writemap" : "lmdb";
    }

    static EnvFlags[] flags(boolean sync, boolean writemap) {
        List<EnvFlags> f = new ArrayList<>(List.of(EnvFlags.MDB_NOTLS));
        if (writemap) {
            f.add(EnvFlags.MDB_WRITEMAP);
        }
        if (!sync) {
            f.add(EnvFlags.MDB_NOSYNC);
            f.add(EnvFlags.MDB_NOMETASYNC);
        }
        return f.toArray(EnvFlags[]::new);
    }

    @Override
    public void open(Path dir, Settings s) {
        settings = s;
        flags = flags(s.sync(), writemap);
        readTxn = new ThreadLocal<>();
        env = Env.create().setMapSize(s.lmdbMapSize()).setMaxDbs(1).setMaxReaders(126).open(dir.toFile(), flags);
        dbi = env.openDbi("bench", DbiFlags.MDB_CREATE);
    }

    private ByteBuffer key(byte[] key) {
        ByteBuffer b = keyBuf.get();
        b.clear();
        b.put(key).flip();
        return b;
    }

    private ByteBuffer value(byte[] value) {
        if (valueBuf.capacity() < value.length) {
            valueBuf = ByteBuffer.allocateDirect(Math.max(value.length, valueBuf.capacity() * 2));
        }
        valueBuf.clear();
        valueBuf.put(value).flip();
        return valueBuf;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            dbi.put(txn, key(key), value(value));
            txn.commit();
        }
    }

    @Override
    public void putBatch(byte[][] keys, byte[][] values) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            for (int i = 0; i < keys.length; i++) {
                dbi.put(txn, key(keys[i]), value(values[i]));
            }
            txn.commit();
        }
    }

    @Override
    public void settle() {
        env.sync(true);
    }

    /** This thread's read transaction, renewed (or new and tracked); {@link Txn#reset()} it after use. */
    private Txn<ByteBuffer> beginRead() {
        Txn<ByteBuffer> txn = readTxn.get();
        if (txn == null) {
            txn = env.txnRead();
            readTxns.add(txn);
            readTxn.set(txn);
        } else {
            txn.renew();
        }
        return txn;
    }

    @Override
    public byte[] get(byte[] key) {
        Txn<ByteBuffer> txn = beginRead();
        try {
            ByteBuffer v = dbi.get(txn, key(key));
            if (v == null) {
                return null;
            }
            byte[] out = new byte[v.remaining()];
            v.get(out);
            return out;
        } finally {
            txn.reset();
        }
    }

    @Override
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        Txn<ByteBuffer> txn = beginRead();
        try {
            return scan(txn, startKey, n, visitor);
        } finally {
            txn.reset();
        }
    }

    private ScanResult scan(Txn<ByteBuffer> txn, byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        try (Cursor<ByteBuffer> c = dbi.openCursor(txn)) {
            boolean ok = c.get(key(startKey), GetOp.MDB_SET_RANGE);
            while (ok && count < n) {
                byte[] k = new byte[c.key().remaining()];
                c.key().get(k);
                byte[] v = new byte[c.val().remaining()];
                c.val().get(v);
                visitor.visit(k, v);
                bytes += k.length + v.length;
                count++;
                ok = c.next();
            }
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> f = new ArrayList<>();
        for (EnvFlags e : flags) {
            f.add(e.name());
        }
        String mode = settings.sync() ? (writemap ? " (msync per commit)" : " (fsync per commit)") : " (no sync per commit)";
        m.put("durability", String.join("|", f) + mode);
        m.put("cache_bytes", "OS page cache (mmap)");
        m.put("page_size", "OS page (4096)");
        m.put("compression", settings.compression() ? "none (LMDB has no compression)" : "none");
        m.put("notes", name() + (writemap ? " (MDB_WRITEMAP: writes go straight into the writable map)" : "")
                + "; mapSize=" + settings.lmdbMapSize() + "; one read-only txn per thread reused (renew before,"
                + " reset after each get/scan; MDB_NOTLS); maxReaders=126; env.sync after bulk loads");
        return m;
    }

    @Override
    public void close() {
        if (env != null) {
            for (Txn<ByteBuffer> txn; (txn = readTxns.poll()) != null; ) {
                txn.renew(); // a reset txn is freed only by mdb_txn_abort, which close() skips unless ready
                txn.close();
            }
            readTxn = null;
            dbi.close();
            env.close();
            env = null;
        }
    }
}
