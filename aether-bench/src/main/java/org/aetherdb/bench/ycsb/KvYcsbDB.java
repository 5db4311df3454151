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
 * fails ({@code ERROR}) on a stored value that does not decode. CoreWorkload does not verify scans,
 * so {@code scan} does ({@link ScanCheck}): every visited pair in ascending key order from the start
 * key, every record whole, every field CoreWorkload's deterministic value for its key; otherwise
 * {@code ERROR}, which fails the phase. It returns that many empty field maps rather than decoded
 * ones — the same for every engine.
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
        java.util.List<byte[]> keys = new java.util.ArrayList<>(recordcount);
        java.util.List<byte[]> values = new java.util.ArrayList<>(recordcount);
        byte[] start = key(table, startkey);
        KvEngine.ScanResult r = engine.scan(start, recordcount, (k, v) -> {
            keys.add(k);
            values.add(v);
        });
        if (!scanCheck.verify(start, keys, values, recordcount)) {
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
     * Checks every pair a scan visited against what YCSB wrote: keys ascending from the start key,
     * each record {@code fieldcount} fields named {@code fieldnameprefix0..}, and, with {@code
     * dataintegrity}, each field exactly CoreWorkload's deterministic value of (key, field) (its
     * algorithm, {@code buildDeterministicValue}, restated here since it is private in YCSB 0.17).
     */
    record ScanCheck(boolean integrity, int fieldCount, int fieldLength, String fieldPrefix, String table) {
        static ScanCheck of(Properties p) {
            return new ScanCheck(Boolean.parseBoolean(p.getProperty("dataintegrity", "false")),
                    Integer.parseInt(p.getProperty("fieldcount", "10")), Integer.parseInt(p.getProperty("fieldlength", "100")),
                    p.getProperty("fieldnameprefix", "field"), p.getProperty("table", "usertable"));
        }

        /** True when the {@code count} visited pairs are what YCSB wrote, in order, from {@code start}. */
        boolean verify(byte[] start, java.util.List<byte[]> keys, java.util.List<byte[]> values, int asked) {
            if (keys.size() > asked || (asked > 0 && keys.isEmpty())) {
                return false;
            }
            byte[] prev = start;
            for (int i = 0; i < keys.size(); i++) {
                int cmp = java.util.Arrays.compareUnsigned(keys.get(i), prev);
                if (i == 0 ? cmp < 0 : cmp <= 0) {
                    return false;
                }
                prev = keys.get(i);
                if (!recordMatches(keys.get(i), values.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private boolean recordMatches(byte[] storedKey, byte[] record) {
            String k = new String(storedKey, StandardCharsets.UTF_8);
            if (!k.startsWith(table + ":")) {
                return false;
            }
            String key = k.substring(table.length() + 1);
            Map<String, ByteIterator> fields;
            try {
                fields = YcsbRecord.decode(record, null);
            } catch (RuntimeException e) {
                return false;
            }
            if (fields.size() != fieldCount) {
                return false;
            }
            for (int f = 0; f < fieldCount; f++) {
                ByteIterator v = fields.get(fieldPrefix + f);
                if (v == null || (integrity && !deterministic(key, fieldPrefix + f, fieldLength).equals(v.toString()))) {
                    return false;
                }
            }
            return true;
        }

        /** CoreWorkload 0.17's {@code buildDeterministicValue} with a constant field length. */
        static String deterministic(String key, String field, int size) {
            StringBuilder sb = new StringBuilder(size);
            sb.append(key).append(':').append(field);
            while (sb.length() < size) {
                sb.append(':').append(sb.toString().hashCode());
            }
            sb.setLength(size);
            return sb.toString();
        }
    }
}
