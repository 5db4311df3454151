package org.aetherdb.bench.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * The transactions workload's view of a store: one transaction reads one key and writes another,
 * then commits. {@code serializable} selects the isolation the engine offers for it:
 *
 * <ul>
 *   <li>AetherDB: {@code IsolationLevel.SERIALIZABLE} (the read is validated at commit) or
 *       {@code IsolationLevel.SNAPSHOT} (first committer wins on written keys).
 *   <li>RocksDB {@code OptimisticTransactionDB}, snapshot set at begin: serializable = the read is a
 *       {@code getForUpdate} (validated at commit, which for this read-one-write-one transaction
 *       is serializable); snapshot = a plain {@code get} from the snapshot, only the written key is
 *       validated (snapshot isolation).
 * </ul>
 *
 * <p>Safe for concurrent use by many committing threads.
 */
public interface TxnEngine extends AutoCloseable {
    /** The engines that have a transactions adapter. */
    java.util.List<String> ENGINES = java.util.List.of("aetherdb", "rocksdb");

    static TxnEngine create(String name) {
        return switch (name) {
            case "aetherdb" -> new AetherTxnEngine();
            case "rocksdb" -> new RocksTxnEngine();
            default -> throw new IllegalArgumentException("no transactions adapter for " + name);
        };
    }

    void open(Path dir, Settings settings) throws Exception;

    /** Untimed bulk load in batches. */
    void load(byte[][] keys, byte[] value);

    /**
     * Every key holds {@code value} (loaded with it, and every transaction writes it again), so a
     * transaction's read must return exactly it: anything else fails the run, naming the engine.
     */
    static void checkRead(String engine, byte[] read, byte[] value) {
        if (!java.util.Arrays.equals(read, value)) {
            throw new IllegalStateException(engine + ": a transaction read a wrong value (" + (read == null ? "null" : read.length + " bytes") + ")");
        }
    }

    /** One transaction: read {@code readKey} (checked), write {@code writeKey}, commit; false when it lost a conflict. */
    boolean readWriteCommit(byte[] readKey, byte[] writeKey, byte[] value, boolean serializable);

    Map<String, String> describe();

    @Override
    void close() throws Exception;
}
