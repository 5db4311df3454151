package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB JNI: block cache = the cache budget, compression off at every level, WAL on, default
 * memtable (64 MiB) and compaction; {@code WriteOptions.setSync} per {@link Settings#sync()}.
 */
public final class RocksEngine implements KvEngine {
    static {
        RocksDB.loadLibrary();
    }

    private RocksDB db;
    private Options options;
    private LRUCache cache;
    private WriteOptions writeOptions;
    private ReadOptions readOptions;
    private Settings settings;

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public void open(Path dir, Settings s) throws RocksDBException {
        settings = s;
        cache = new LRUCache(s.cacheBytes());
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
        options = new Options()
                .setCreateIfMissing(true)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setBottommostCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(table);
        writeOptions = new WriteOptions().setSync(s.sync()).setDisableWAL(false);
        readOptions = new ReadOptions();
        db = RocksDB.open(options, dir.toString());
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            db.put(writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void putBatch(byte[][] keys, byte[][] values) {
        try (WriteBatch b = new WriteBatch()) {
            for (int i = 0; i < keys.length; i++) {
                b.put(keys[i], values[i]);
            }
            db.write(writeOptions, b);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void settle() {
        try (org.rocksdb.FlushOptions f = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(f);
            db.compactRange();
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return db.get(readOptions, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ScanResult scan(byte[] startKey, int n) {
        int count = 0;
        long bytes = 0;
        try (RocksIterator it = db.newIterator(readOptions)) {
            for (it.seek(startKey); it.isValid() && count < n; it.next()) {
                bytes += it.key().length + it.value().length;
                count++;
            }
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", settings.sync() ? "WriteOptions.sync=true, WAL on" : "WriteOptions.sync=false, WAL on");
        m.put("cache_bytes", Long.toString(settings.cacheBytes()));
        m.put("page_size", "block 4096 (default)");
        m.put("compression", "none");
        m.put("notes", "LRU block cache, no bloom filter; default memtable, compaction; flush+compactRange after bulk loads; rocksdbjni " + RocksDB.rocksdbVersion());
        return m;
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
            options.close();
            cache.close();
            writeOptions.close();
            readOptions.close();
        }
    }
}
