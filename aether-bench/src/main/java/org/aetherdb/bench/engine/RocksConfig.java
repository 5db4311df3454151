package org.aetherdb.bench.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.Filter;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The RocksDB options shared by {@link RocksEngine} and {@link RocksTxnEngine}, and the native
 * objects behind them (closed by {@link #close()} after the database).
 *
 * <ul>
 *   <li>memory: the whole budget is one {@code LRUCache(cacheBytes)} holding data, index and filter
 *       blocks, and memtables are charged to it through {@code WriteBufferManager(cacheBytes/4,
 *       cache)}; {@code write_buffer_size = min(64 MiB, cacheBytes/8)} (at least 64 KiB) and
 *       {@code max_write_buffer_number = 2}, so the memtables (at most cacheBytes/4) fit in the
 *       manager's share;
 *   <li>point reads (RocksDB's tuning guide): full bloom filters, 10 bits per key
 *       ({@code BloomFilter(10, false)}), {@code cache_index_and_filter_blocks = true},
 *       {@code pin_l0_filter_and_index_blocks_in_cache = true}, and, as its block-cache guide advises
 *       for small caches where data blocks compete with index and filter blocks,
 *       {@code cache_index_and_filter_blocks_with_high_priority = true} with a high-priority pool of
 *       half the cache; the cache has at most 64 shards of at least 4 MiB each ({@link #shardBits}),
 *       so that one SST file's whole filter block (500,000 keys: 625 KB) fits in a shard: with the
 *       default 512 KiB shards of a 16 MiB cache it would not fit a shard (our reading of why RocksDB's
 *       gets at 5x10^5 keys fell to 8K/s in the small run of 2026-12-07; docs/BENCHMARKS.md has the
 *       scale rows re-measured with this setting);
 *   <li>compression: off ({@code NO_COMPRESSION}, also bottommost) unless {@link
 *       Settings#compression()}; then RocksDB's defaults are left alone and {@link #describe} reports
 *       the type this build actually uses ({@code options.compressionType()}).
 * </ul>
 */
final class RocksConfig implements AutoCloseable {
    static final long MAX_WRITE_BUFFER = 64L << 20;
    static final long MIN_WRITE_BUFFER = 64L << 10;
    static final int MAX_WRITE_BUFFER_NUMBER = 2;
    static final double BLOOM_BITS_PER_KEY = 10;
    static final double HIGH_PRIORITY_POOL = 0.5;
    static final long MIN_SHARD = 4L << 20;

    /** log2 of the shard count: shards of at least {@link #MIN_SHARD}, at most 64 of them (RocksDB's default cap). */
    static int shardBits(long cacheBytes) {
        int bits = 0;
        while (bits < 6 && (cacheBytes >> (bits + 1)) >= MIN_SHARD) {
            bits++;
        }
        return bits;
    }

    final Options options;
    private final LRUCache cache;
    private final WriteBufferManager writeBufferManager;
    private final Filter bloom;
    private final BlockBasedTableConfig table;
    private final long bufferManagerBytes;
    private final long writeBufferSize;
    private final Settings settings;
    private final String compression;

    RocksConfig(Settings s) {
        settings = s;
        bufferManagerBytes = s.cacheBytes() / 4;
        writeBufferSize = Math.max(MIN_WRITE_BUFFER, Math.min(MAX_WRITE_BUFFER, s.cacheBytes() / 8));
        cache = new LRUCache(s.cacheBytes(), shardBits(s.cacheBytes()), false, HIGH_PRIORITY_POOL);
        writeBufferManager = new WriteBufferManager(bufferManagerBytes, cache);
        bloom = new BloomFilter(BLOOM_BITS_PER_KEY, false);
        table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloom)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        options = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferManager(writeBufferManager)
                .setWriteBufferSize(writeBufferSize)
                .setMaxWriteBufferNumber(MAX_WRITE_BUFFER_NUMBER)
                .setTableFormatConfig(table);
        if (!s.compression()) {
            options.setCompressionType(CompressionType.NO_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
        }
        compression = compression();
    }

    /** The five describe() keys (safe after close: nothing native is read); {@code notes} starts with {@code what} (the adapter's own notes). */
    Map<String, String> describe(String what) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", "WriteOptions.sync=" + settings.sync() + ", WAL on");
        m.put("cache_bytes", settings.cacheBytes() + " (one LRUCache: blocks, index and filters, plus memtables charged"
                + " through WriteBufferManager(" + bufferManagerBytes + "))");
        m.put("page_size", "block " + table.blockSize() + " (default)");
        m.put("compression", compression);
        m.put("notes", what + "; write_buffer_size=" + writeBufferSize + " max_write_buffer_number="
                + MAX_WRITE_BUFFER_NUMBER + "; full bloom filter 10 bits/key, cache_index_and_filter_blocks=true"
                + " with_high_priority=true (high_pri_pool_ratio=" + HIGH_PRIORITY_POOL + "), num_shard_bits="
                + shardBits(settings.cacheBytes()) + ", pin_l0_filter_and_index_blocks_in_cache=true; default compaction; rocksdbjni "
                + RocksDB.rocksdbVersion());
        return m;
    }

    private String compression() {
        if (!settings.compression()) {
            return "none (NO_COMPRESSION at every level, bottommost too)";
        }
        CompressionType bottom = options.bottommostCompressionType();
        return "RocksDB default: " + options.compressionType()
                + (bottom == CompressionType.DISABLE_COMPRESSION_OPTION ? " at every level" : ", bottommost " + bottom);
    }

    /** Closes the native objects; call after the database is closed. */
    @Override
    public void close() {
        options.close();
        writeBufferManager.close();
        bloom.close();
        cache.close();
    }
}
