package org.aetherdb.bench.engine;

import com.sleepycat.je.Cursor;
import com.sleepycat.je.CursorConfig;
import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.Durability;
import com.sleepycat.je.Environment;
import com.sleepycat.je.EnvironmentConfig;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import com.sleepycat.je.Transaction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Oracle Berkeley DB Java Edition (log-structured B+tree), transactional environment, one
 * database; every put is an auto-commit transaction.
 *
 * <ul>
 *   <li>sync: {@code Durability.COMMIT_SYNC}: the commit's log records are written and fsynced.
 *   <li>nosync: {@code Durability.COMMIT_WRITE_NO_SYNC}: written to the OS at commit, no fsync.
 *   <li>cache: {@code EnvironmentConfig.setCacheSize} = budget (JE's B-tree cache, not shared).
 *   <li>compression: none, with or without {@link Settings#compression()} (JE has none); key
 *       prefixing off (the default).
 * </ul>
 *
 * <p>Reads use read-committed isolation with no transaction ({@code LockMode.READ_COMMITTED} for
 * gets, {@code CursorConfig.READ_COMMITTED} for scans) (a short read lock per record,
 * no snapshot as JE has none); values are the fresh arrays JE returns.
 */
public final class JeEngine implements KvEngine {
    private Environment env;
    private Database db;
    private Settings settings;

    @Override
    public String name() {
        return "je";
    }

    @Override
    public void open(Path dir, Settings s) {
        settings = s;
        EnvironmentConfig c = new EnvironmentConfig();
        c.setAllowCreate(true);
        c.setTransactional(true);
        c.setSharedCache(false);
        c.setCacheSize(s.cacheBytes());
        c.setDurability(s.sync() ? Durability.COMMIT_SYNC : Durability.COMMIT_WRITE_NO_SYNC);
        env = new Environment(dir.toFile(), c);
        DatabaseConfig d = new DatabaseConfig();
        d.setAllowCreate(true);
        d.setTransactional(true);
        db = env.openDatabase(null, "bench", d);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        db.put(null, new DatabaseEntry(key), new DatabaseEntry(value));
    }

    @Override
    public void putBatch(byte[][] keys, byte[][] values) {
        Transaction txn = env.beginTransaction(null, null);
        try {
            for (int i = 0; i < keys.length; i++) {
                db.put(txn, new DatabaseEntry(keys[i]), new DatabaseEntry(values[i]));
            }
            txn.commit();
        } finally {
            if (txn.isValid()) {
                txn.abort();
            }
        }
    }

    @Override
    public void settle() {
        env.sync();
    }

    @Override
    public byte[] get(byte[] key) {
        DatabaseEntry v = new DatabaseEntry();
        OperationStatus st = db.get(null, new DatabaseEntry(key), v, LockMode.READ_COMMITTED);
        return st == OperationStatus.SUCCESS ? v.getData() : null;
    }

    /** The entry's bytes: JE fills a fresh array per call, used as is when it is exactly the data; else one copy. */
    private static byte[] exact(DatabaseEntry e) {
        byte[] d = e.getData();
        return e.getOffset() == 0 && d.length == e.getSize() ? d : java.util.Arrays.copyOfRange(d, e.getOffset(), e.getOffset() + e.getSize());
    }

    @Override
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        DatabaseEntry k = new DatabaseEntry(startKey);
        DatabaseEntry v = new DatabaseEntry();
        try (Cursor c = db.openCursor(null, CursorConfig.READ_COMMITTED)) {
            OperationStatus st = c.getSearchKeyRange(k, v, LockMode.DEFAULT);
            while (st == OperationStatus.SUCCESS && count < n) {
                byte[] kb = exact(k);
                byte[] vb = exact(v);
                visitor.visit(kb, vb);
                bytes += kb.length + vb.length;
                count++;
                st = c.getNext(k, v, LockMode.DEFAULT);
            }
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", settings.sync() ? "Durability.COMMIT_SYNC (fsync per commit)"
                : "Durability.COMMIT_WRITE_NO_SYNC (log written per commit, no fsync)");
        m.put("cache_bytes", Long.toString(env.getConfig().getCacheSize()));
        m.put("page_size", "B-tree node max " + db.getConfig().getNodeMaxEntries() + " entries; log file "
                + env.getConfig().getConfigParam(EnvironmentConfig.LOG_FILE_MAX) + " B");
        m.put("compression", "none (JE has none; key prefixing off)");
        m.put("notes", "je 18.3.12; transactional, auto-commit puts; reads READ_COMMITTED without txn; "
                + "default cleaner/checkpointer; env.sync after bulk loads");
        return m;
    }

    @Override
    public void close() {
        if (env != null) {
            db.close();
            env.close();
            env = null;
        }
    }
}
