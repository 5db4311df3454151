package org.aetherdb.bench.engine;

/**
 * What every engine is configured from, so the comparison is like for like.
 *
 * @param sync true: fsync per commit (RocksDB {@code WriteOptions.setSync(true)}, LMDB default
 *     env flags, AetherDB {@code Durability.SYNC}, Xodus {@code log.durableWrite=true}, MVStore
 *     {@code commit()+sync()}, JE {@code COMMIT_SYNC}); false: logged/written without fsync (RocksDB
 *     {@code setSync(false)} with the WAL on, LMDB {@code MDB_NOSYNC|MDB_NOMETASYNC}, AetherDB
 *     {@code Durability.NONE}, Xodus {@code durableWrite=false}, MVStore {@code commit()}, JE
 *     {@code COMMIT_WRITE_NO_SYNC}); each adapter's javadoc says exactly what its mode does
 * @param cacheBytes cache budget: RocksDB block cache = AetherDB cacheSize = Xodus memoryUsage =
 *     MVStore cacheSize = JE cacheSize; LMDB has no cache of its own and reads through the OS page
 *     cache (mmap)
 * @param lmdbMapSize LMDB map size (address space reserved, not memory used)
 * @param compression false: compression off in every engine (the table's rows); true: each engine's
 *     default compression on (the compressible-value variant); engines without compression say so in
 *     {@link KvEngine#describe()}
 */
public record Settings(boolean sync, long cacheBytes, long lmdbMapSize, boolean compression) {
    /** Compression off. */
    public Settings(boolean sync, long cacheBytes, long lmdbMapSize) {
        this(sync, cacheBytes, lmdbMapSize, false);
    }

    public String durabilityName() {
        return sync ? "sync" : "nosync";
    }
}
