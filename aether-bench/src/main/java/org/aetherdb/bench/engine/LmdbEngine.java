package org.aetherdb.bench.engine;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * cache of the memory map, so the cache budget does not apply. Sync: default env flags (fsync per
 * commit); nosync: {@code MDB_NOSYNC|MDB_NOMETASYNC}. One read transaction per get or scan,
 * values copied out of the map into a byte[].
 */
public final class LmdbEngine implements KvEngine {
    private Env<ByteBuffer> env;
    private Dbi<ByteBuffer> dbi;
    private Settings settings;
    private EnvFlags[] flags;
    private final ThreadLocal<ByteBuffer> keyBuf = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(511));
    private ByteBuffer valueBuf = ByteBuffer.allocateDirect(1 << 16);

    @Override
    public String name() {
        return "lmdb";
    }

    @Override
    public void open(Path dir, Settings s) {
        settings = s;
        flags = s.sync() ? new EnvFlags[0] : new EnvFlags[] {EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOMETASYNC};
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

    @Override
    public byte[] get(byte[] key) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = dbi.get(txn, key(key));
            if (v == null) {
                return null;
            }
            byte[] out = new byte[v.remaining()];
            v.get(out);
            return out;
        }
    }

    @Override
    public ScanResult scan(byte[] startKey, int n) {
        int count = 0;
        long bytes = 0;
        try (Txn<ByteBuffer> txn = env.txnRead(); Cursor<ByteBuffer> c = dbi.openCursor(txn)) {
            boolean ok = c.get(key(startKey), GetOp.MDB_SET_RANGE);
            while (ok && count < n) {
                byte[] k = new byte[c.key().remaining()];
                c.key().get(k);
                byte[] v = new byte[c.val().remaining()];
                c.val().get(v);
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
        m.put("durability", f.isEmpty() ? "default env flags (fsync per commit)" : String.join("|", f));
        m.put("cache_bytes", "OS page cache (mmap)");
        m.put("page_size", "OS page (4096)");
        m.put("compression", "none");
        m.put("notes", "mapSize=" + settings.lmdbMapSize() + "; one read txn per get/scan; env.sync after bulk loads");
        return m;
    }

    @Override
    public void close() {
        if (env != null) {
            dbi.close();
            env.close();
            env = null;
        }
    }
}
