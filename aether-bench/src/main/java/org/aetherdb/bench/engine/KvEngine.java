package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one thing the benchmark knows about a store: open, put, get, scan, close. One small adapter
 * per engine; each is configured from the same {@link Settings} so the comparison is at equal
 * durability, equal cache budget and no compression, and each describes its exact configuration
 * in {@link #describe()}, which goes into every result row.
 *
 * <p>Every call is one operation the way an application would issue it: {@link #put} is one
 * commit (durable per {@link Settings#sync()}), {@link #get} copies the value into a fresh array
 * (no engine hands out views of its pages), {@link #scan} copies every key and value it visits.
 * An adapter is safe for concurrent {@code get}/{@code scan} from several threads.
 */
public interface KvEngine extends AutoCloseable {
    /** Lower-case engine name: {@code aetherdb}, {@code rocksdb}, {@code lmdb}, {@code xodus}, {@code mvstore}, {@code je}. */
    String name();

    /** Opens (creating when empty) the store in {@code dir}. */
    void open(Path dir, Settings settings) throws Exception;

    /** One put, one commit, durable as {@link Settings#sync()} says. */
    void put(byte[] key, byte[] value);

    /** Bulk load: all pairs in one atomic batch (used to prepare read workloads, never timed). */
    void putBatch(byte[][] keys, byte[][] values);

    /**
     * After a bulk load, brings the store to its steady on-disk state (untimed): RocksDB flushes
     * the memtable and compacts (otherwise reads probe a pile of L0 files), AetherDB compacts (rewrites
     * the live values of mostly dead log segments) and checkpoints,
     * LMDB syncs, Xodus flushes and syncs, MVStore commits and syncs, JE syncs (checkpoint).
     */
    void settle();

    /** The value, copied into a new array, or null. */
    byte[] get(byte[] key);

    /**
     * Visits up to {@code n} pairs from the first key at or after {@code startKey}, copying each key
     * and value into fresh arrays handed to {@code visitor} (the benchmark checks them).
     */
    ScanResult scan(byte[] startKey, int n, PairVisitor visitor);

    /** {@link #scan(byte[], int, PairVisitor)} without looking at the pairs. */
    default ScanResult scan(byte[] startKey, int n) {
        return scan(startKey, n, (k, v) -> { });
    }

    /** Receives each pair a scan visits, as fresh copies. */
    @FunctionalInterface
    interface PairVisitor {
        void visit(byte[] key, byte[] value);
    }

    /** The settings actually applied, as key=value pairs for the results files. */
    Map<String, String> describe();

    @Override
    void close() throws Exception;

    /** What a scan visited: pairs and key plus value bytes. */
    record ScanResult(int count, long bytes) {}
}
