package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.Map;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB JNI, WAL on, {@code WriteOptions.setSync} per {@link Settings#sync()}, default compaction,
 * and the options of {@link RocksConfig}: the budget is one {@code LRUCache(cacheBytes)} that also
 * carries the memtables ({@code WriteBufferManager(cacheBytes/4, cache)}, {@code write_buffer_size
 * = min(64 MiB, cacheBytes/8)}, {@code max_write_buffer_number = 2}); full bloom filters of 10
 * bits/key, index and filter blocks in the cache with L0's pinned; {@code NO_COMPRESSION} at every
 * level unless {@link Settings#compression()}, then RocksDB's default (Snappy in rocksdbjni, stated
 * by {@code describe()}). After a bulk load {@link #settle()} flushes and compacts.
 */
public final class RocksEngine implements KvEngine {
    static {
        RocksDB.loadLibrary();
    }

    private RocksDB db;
    private RocksConfig config;
    private WriteOptions writeOptions;
    private ReadOptions readOptions;

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public void open(Path dir, Settings s) throws RocksDBException {
        config = new RocksConfig(s);
        writeOptions = new WriteOptions().setSync(s.sync()).setDisableWAL(false);
        readOptions = new ReadOptions();
        try {
            db = RocksDB.open(config.options, dir.toString());
        } catch (RocksDBException | RuntimeException e) {
            writeOptions.close();
            readOptions.close();
            config.close();
            throw e;
        }
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
        try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
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
    public ScanResult scan(byte[] startKey, int n, PairVisitor visitor) {
        int count = 0;
        long bytes = 0;
        try (RocksIterator it = db.newIterator(readOptions)) {
            for (it.seek(startKey); it.isValid() && count < n; it.next()) {
                byte[] k = it.key();
                byte[] v = it.value();
                visitor.visit(k, v);
                bytes += k.length + v.length;
                count++;
            }
        }
        return new ScanResult(count, bytes);
    }

    @Override
    public Map<String, String> describe() {
        return config.describe("flush+compactRange after bulk loads");
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
            writeOptions.close();
            readOptions.close();
            config.close();
        }
    }
}
