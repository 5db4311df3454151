package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.Map;
import org.rocksdb.FlushOptions;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.OptimisticTransactionOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.Transaction;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB {@code OptimisticTransactionDB} with the options of {@link RocksConfig}, as {@link
 * RocksEngine}: one {@code LRUCache(cacheBytes)} for blocks, index, filters and (through {@code
 * WriteBufferManager(cacheBytes/4, cache)}) memtables of {@code min(64 MiB, cacheBytes/8)} x 2;
 * full bloom filters 10 bits/key; {@code NO_COMPRESSION} unless {@link Settings#compression()};
 * WAL on, {@code WriteOptions.sync} per durability. Every transaction sets a
 * snapshot at begin; a conflict is a {@code Busy} (or {@code TryAgain}) status at commit.
 */
final class RocksTxnEngine implements TxnEngine {
    static {
        RocksDB.loadLibrary();
    }

    private OptimisticTransactionDB db;
    private RocksConfig config;
    private WriteOptions writeOptions;
    private OptimisticTransactionOptions txnOptions;

    @Override
    public void open(Path dir, Settings s) throws RocksDBException {
        config = new RocksConfig(s);
        writeOptions = new WriteOptions().setSync(s.sync());
        txnOptions = new OptimisticTransactionOptions().setSetSnapshot(true);
        try {
            db = OptimisticTransactionDB.open(config.options, dir.toString());
        } catch (RocksDBException | RuntimeException e) {
            writeOptions.close();
            txnOptions.close();
            config.close();
            throw e;
        }
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
            byte[] read = serializable ? tx.getForUpdate(ro, readKey, true) : tx.get(ro, readKey);
            TxnEngine.checkRead("rocksdb", read, value);
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
        return config.describe("OptimisticTransactionDB, setSnapshot=true; serializable = getForUpdate on the read key,"
                + " snapshot = plain get; conflict = Busy/TryAgain at commit");
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
            writeOptions.close();
            txnOptions.close();
            config.close();
        }
    }
}
