package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.OptimisticTransactionOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.Transaction;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB {@code OptimisticTransactionDB}, configured as {@link RocksEngine} (block cache = budget,
 * no compression, WAL on, {@code WriteOptions.sync} per durability). Every transaction sets a
 * snapshot at begin; a conflict is a {@code Busy} (or {@code TryAgain}) status at commit.
 */
final class RocksTxnEngine implements TxnEngine {
    static {
        RocksDB.loadLibrary();
    }

    private OptimisticTransactionDB db;
    private Options options;
    private LRUCache cache;
    private WriteOptions writeOptions;
    private OptimisticTransactionOptions txnOptions;
    private Settings settings;

    @Override
    public void open(Path dir, Settings s) throws RocksDBException {
        settings = s;
        cache = new LRUCache(s.cacheBytes());
        options = new Options().setCreateIfMissing(true)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setBottommostCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        writeOptions = new WriteOptions().setSync(s.sync());
        txnOptions = new OptimisticTransactionOptions().setSetSnapshot(true);
        db = OptimisticTransactionDB.open(options, dir.toString());
    }

    @Override
    public void load(byte[][] keys, byte[] value) {
        try (WriteOptions w = new WriteOptions().setSync(false)) {
            for (int i = 0; i < keys.length; i += 1000) {
                try (WriteBatch b = new WriteBatch()) {
                    for (int j = i; j < Math.min(keys.length, i + 1000); j++) {
                        b.put(keys[j], value);
                    }
                    db.write(w, b);
                }
            }
            try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
                db.flush(f);
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean readWriteCommit(byte[] readKey, byte[] writeKey, byte[] value, boolean serializable) {
        try (Transaction tx = db.beginTransaction(writeOptions, txnOptions); ReadOptions ro = new ReadOptions()) {
            ro.setSnapshot(tx.getSnapshot());
            if (serializable) {
                tx.getForUpdate(ro, readKey, true);
            } else {
                tx.get(ro, readKey);
            }
            tx.put(writeKey, value);
            try {
                tx.commit();
                return true;
            } catch (RocksDBException e) {
                Status.Code c = e.getStatus() == null ? null : e.getStatus().getCode();
                if (c == Status.Code.Busy || c == Status.Code.TryAgain) {
                    return false;
                }
                throw e;
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", settings.sync() ? "WriteOptions.sync=true, WAL on" : "WriteOptions.sync=false, WAL on");
        m.put("cache_bytes", Long.toString(settings.cacheBytes()));
        m.put("page_size", "block 4096 (default)");
        m.put("compression", "none");
        m.put("notes", "OptimisticTransactionDB, setSnapshot=true; serializable = getForUpdate on the read key, "
                + "snapshot = plain get; conflict = Busy/TryAgain at commit; rocksdbjni " + RocksDB.rocksdbVersion());
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
            txnOptions.close();
        }
    }
}
