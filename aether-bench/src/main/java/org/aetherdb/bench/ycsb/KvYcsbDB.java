package org.aetherdb.bench.ycsb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.aetherdb.bench.engine.Engines;
import org.aetherdb.bench.engine.KvEngine;
import org.aetherdb.bench.engine.Settings;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * A YCSB binding for every engine of the benchmark, through its {@link KvEngine} adapter, so YCSB
 * runs each store exactly as the article's table does (same durability, cache budget, no
 * compression). Properties: {@code kv.engine} (aetherdb, rocksdb, lmdb, ...), {@code kv.dir},
 * {@code kv.sync} (true: fsync per commit), {@code kv.cache} (bytes), {@code kv.lmdbmapsize};
 * test-only: {@code kv.engine.class} (a {@link KvEngine} class with a public no-argument
 * constructor, on the child's class path, used instead of {@code kv.engine}).
 *
 * <p>YCSB creates one {@code DB} per client thread; they share one open store per JVM (reference
 * counted: the last {@link #cleanup()} closes it). Keys are {@code table:key} in UTF-8; a record is
 * one value ({@link YcsbRecord}).
 *
 * <p>Verification ({@link YcsbRunner} runs CoreWorkload with {@code dataintegrity=true}): {@code read}
 * returns exactly the stored fields that were asked for, and {@link Status#ERROR} when the value
 * does not decode as a record or lacks an asked-for field; CoreWorkload then compares every field
 * with its deterministic value and reports {@code [VERIFY]} counts. {@code update} is
 * read-modify-write of the record in one commit: it keeps every field it does not overwrite, and
 * fails ({@code ERROR}) on a stored value that does not decode. {@code scan} goes through
 * {@link KvEngine#scan}, which reports only how many pairs and bytes it visited (not the pairs), so
 * it cannot compare values: it checks that the scan visited at least the start record (which YCSB
 * picks among inserted keys) and at most the asked-for count, and, under {@code dataintegrity}
 * (fixed field lengths), that the bytes visited are exactly whole records of the fixed size plus
 * keys of a possible length; otherwise {@code ERROR}. It returns that many empty field maps rather
 * than decoded ones — the same for every engine.
 */
public final class KvYcsbDB extends DB {
    private static final Object LOCK = new Object();
    private static KvEngine shared;
    private static int users;

    private KvEngine engine;
    private ScanCheck scanCheck;

    @Override
    public void init() throws DBException {
        Properties p = getProperties();
        scanCheck = ScanCheck.of(p);
        synchronized (LOCK) {
            if (shared == null) {
                shared = open(p);
            }
            users++;
            engine = shared;
        }
    }

    private static KvEngine open(Properties p) throws DBException {
        try {
            Path dir = Path.of(required(p, "kv.dir"));
            Files.createDirectories(dir);
            Settings s = new Settings(Boolean.parseBoolean(p.getProperty("kv.sync", "true")),
                    Long.parseLong(p.getProperty("kv.cache", String.valueOf(256L << 20))),
                    Long.parseLong(p.getProperty("kv.lmdbmapsize", String.valueOf(64L << 30))));
            KvEngine e = create(p);
            e.open(dir, s);
            System.err.println("ycsb: " + e.name() + " " + e.describe());
            return e;
        } catch (Exception e) {
            throw new DBException("cannot open the store: " + e, e);
        }
    }

    /** {@code kv.engine.class} (test-only: a fake engine) or else {@code kv.engine} through {@link Engines}. */
    private static KvEngine create(Properties p) throws ReflectiveOperationException {
        String cls = p.getProperty("kv.engine.class");
        if (cls != null) {
            return Class.forName(cls).asSubclass(KvEngine.class).getConstructor().newInstance();
        }
        return Engines.create(p.getProperty("kv.engine", "aetherdb"));
    }

    @Override
    public void cleanup() throws DBException {
        synchronized (LOCK) {
            if (--users == 0 && shared != null) {
                try {
                    shared.close();
                } catch (Exception e) {
                    throw new DBException("close failed: " + e, e);
                } finally {
                    shared = null;
                }
            }
        }
    }

    private static String required(Properties p, String name) throws DBException {
        String v = p.getProperty(name);
        if (v == null) {
            throw new DBException("missing property " + name);
        }
        return v;
    }

    private static byte[] key(String table, String key) {
        return (table + ":" + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        byte[] v = engine.get(key(table, key));
        if (v == null) {
            return Status.NOT_FOUND;
        }
        Map<String, ByteIterator> stored;
        try {
            stored = YcsbRecord.decode(v, fields);
        } catch (IllegalStateException e) {
            return Status.ERROR; // not a record: corrupt value
        }
        if (fields != null && !stored.keySet().containsAll(fields)) {
            return Status.ERROR; // an asked-for field is missing
        }
        result.putAll(stored);
        return Status.OK;
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
                       Vector<HashMap<String, ByteIterator>> result) {
        KvEngine.ScanResult r = engine.scan(key(table, startkey), recordcount);
        if (!scanCheck.plausible(r, recordcount)) {
            return Status.ERROR;
        }
        for (int i = 0; i < r.count(); i++) {
            result.add(new HashMap<>());
        }
        return Status.OK;
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        byte[] k = key(table, key);
        byte[] old = engine.get(k);
        if (old == null) {
            return Status.NOT_FOUND;
        }
        Map<String, ByteIterator> merged;
        try {
            merged = YcsbRecord.decode(old, null); // every stored field, kept unless overwritten
        } catch (IllegalStateException e) {
            return Status.ERROR;
        }
        merged.putAll(values);
        engine.put(k, YcsbRecord.encode(merged));
        return Status.OK;
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        engine.put(key(table, key), YcsbRecord.encode(values));
        return Status.OK;
    }

    @Override
    public Status delete(String table, String key) {
        return Status.NOT_IMPLEMENTED; // no core workload A-F deletes
    }

    /**
     * What a scan's count and bytes must satisfy. With {@code dataintegrity} every record is
     * {@code fieldcount} fields of exactly {@code fieldlength} bytes, so its encoded size is known, and
     * a key is {@code table:user<number>} with a number of 1 to 20 characters (at least
     * {@code zeropadding}).
     */
    record ScanCheck(boolean sized, long recordBytes, int minKey, int maxKey) {
        static ScanCheck of(Properties p) {
            boolean sized = Boolean.parseBoolean(p.getProperty("dataintegrity", "false"));
            int count = Integer.parseInt(p.getProperty("fieldcount", "10"));
            int length = Integer.parseInt(p.getProperty("fieldlength", "100"));
            String prefix = p.getProperty("fieldnameprefix", "field");
            long bytes = 2;
            for (int i = 0; i < count; i++) {
                bytes += 2 + (prefix + i).getBytes(StandardCharsets.UTF_8).length + 4 + length;
            }
            int keyPrefix = (p.getProperty("table", "usertable") + ":user").getBytes(StandardCharsets.UTF_8).length;
            int pad = Integer.parseInt(p.getProperty("zeropadding", "1"));
            return new ScanCheck(sized, bytes, keyPrefix + Math.max(1, pad), keyPrefix + Math.max(20, pad));
        }

        boolean plausible(KvEngine.ScanResult r, int asked) {
            if (r.count() > asked || (asked > 0 && r.count() == 0)) {
                return false;
            }
            long keyBytes = r.bytes() - r.count() * recordBytes;
            return !sized || (keyBytes >= (long) r.count() * minKey && keyBytes <= (long) r.count() * maxKey);
        }
    }
}
