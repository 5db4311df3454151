package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aetherdb.AetherDB;
import org.aetherdb.ConflictException;
import org.aetherdb.Durability;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Options;
import org.aetherdb.Transaction;
import org.aetherdb.WriteBatch;

/** AetherDB transactions at SERIALIZABLE or SNAPSHOT; durability and cache as {@link AetherEngine}. */
final class AetherTxnEngine implements TxnEngine {
    private AetherDB db;
    private Options options;

    @Override
    public void open(Path dir, Settings s) {
        options = Options.builder().durability(s.sync() ? Durability.SYNC : Durability.NONE).cacheSize(AetherEngine.cacheSizeFor(s)).build();
        db = AetherDB.open(dir, options);
    }

    @Override
    public void load(byte[][] keys, byte[] value) {
        for (int i = 0; i < keys.length; i += 1000) {
            WriteBatch b = new WriteBatch();
            for (int j = i; j < Math.min(keys.length, i + 1000); j++) {
                b.put(keys[j], value);
            }
            db.write(b);
        }
        db.checkpoint();
    }

    @Override
    public boolean readWriteCommit(byte[] readKey, byte[] writeKey, byte[] value, boolean serializable) {
        try (Transaction tx = db.begin(serializable ? IsolationLevel.SERIALIZABLE : IsolationLevel.SNAPSHOT)) {
            TxnEngine.checkRead("aetherdb", tx.get(readKey), value);
            tx.put(writeKey, value);
            tx.commit();
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", options.durability().name());
        m.put("cache_bytes", Long.toString(options.cacheSize()));
        m.put("page_size", Integer.toString(options.pageSize()));
        m.put("compression", "none");
        m.put("notes", "db.begin(SERIALIZABLE|SNAPSHOT); get + put + commit; group commit (one leader fsyncs a group)");
        return m;
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
