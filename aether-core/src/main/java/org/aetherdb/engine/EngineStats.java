package org.aetherdb.engine;

/** The engine's counters at one moment; the API reports them as {@code Stats} (same names, same meaning). */
public record EngineStats(long sequence, long durableSequence, long checkpointSequence, int pageSize, int treeHeight,
        long dataFileBytes, long freeBytes, long walBytes, long cachedPages, long cacheBytes, long cacheHits, long cacheMisses,
        long commits, long logSyncs, long checkpoints, int openReaders, long logValueBytes, int valueSegments) {}
