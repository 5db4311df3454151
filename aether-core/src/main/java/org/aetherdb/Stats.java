package org.aetherdb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A point-in-time reading of a database's counters, from {@link AetherDB#stats()}. Sizes and
 * sequence numbers describe the database; the event counters (cache hits and misses, commits,
 * log syncs, checkpoints) count since this instance was opened and start at zero on every open.
 *
 * @param sequence            sequence number of the latest published commit
 * @param durableSequence     highest sequence number known to be on stable storage
 * @param checkpointSequence  sequence number covered by the latest durable checkpoint
 * @param pageSize            page size in bytes
 * @param treeHeight          levels of the B+tree (1 = the root is a leaf)
 * @param dataFileBytes       size of the data file
 * @param freeBytes           bytes of the data file free for reuse
 * @param walBytes            bytes of log written since the latest checkpoint
 * @param cachedPages         decoded clean pages held in the cache
 * @param cacheBytes          estimated bytes of those pages
 * @param cacheHits           lookups served from the cache
 * @param cacheMisses         lookups that read and verified a page from the file
 * @param commits             commits since open
 * @param logSyncs            fsyncs of the log since open (group commit makes this lower than commits)
 * @param checkpoints         checkpoints since open
 * @param openReaders         snapshots, cursors and transactions currently holding a view
 * @param logValueBytes       bytes of values kept in log records that the latest version refers to
 * @param valueSegments       log segments kept only for values a readable version refers to
 *                            (older than the log recovery would replay)
 */
public record Stats(
        long sequence,
        long durableSequence,
        long checkpointSequence,
        int pageSize,
        int treeHeight,
        long dataFileBytes,
        long freeBytes,
        long walBytes,
        long cachedPages,
        long cacheBytes,
        long cacheHits,
        long cacheMisses,
        long commits,
        long logSyncs,
        long checkpoints,
        int openReaders,
        long logValueBytes,
        int valueSegments) {

    /** The counters by name, in declaration order (for printing). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", sequence);
        m.put("durableSequence", durableSequence);
        m.put("checkpointSequence", checkpointSequence);
        m.put("pageSize", pageSize);
        m.put("treeHeight", treeHeight);
        m.put("dataFileBytes", dataFileBytes);
        m.put("freeBytes", freeBytes);
        m.put("walBytes", walBytes);
        m.put("cachedPages", cachedPages);
        m.put("cacheBytes", cacheBytes);
        m.put("cacheHits", cacheHits);
        m.put("cacheMisses", cacheMisses);
        m.put("commits", commits);
        m.put("logSyncs", logSyncs);
        m.put("checkpoints", checkpoints);
        m.put("openReaders", openReaders);
        m.put("logValueBytes", logValueBytes);
        m.put("valueSegments", valueSegments);
        return m;
    }
}
