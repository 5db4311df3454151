/**
 * The write-ahead log: one record per commit, appended to preallocated segment files, and the
 * replay that finds where the log ends after a crash.
 *
 * <p><b>The types.</b> {@link LogWriter} appends records (buffered, so a commit group costs one
 * write), flushes them to the OS, forces them, rolls to a new segment when one is full, and turns
 * segments a durable checkpoint covers into spares for reuse. {@link LogReplayer} reads the
 * segments after a checkpoint and hands each record, in sequence order, to a visitor (recovery,
 * the verifier, the dump). {@link RecordCodec} encodes and decodes records per
 * {@code format.LogFormat}. A record ({@link LogRecord}) is a sequence number, the highest sequence
 * number then known durable, and the commit's operations in order: each a key and a value (inline
 * bytes, a reference to an out-of-line value already in the data file, or a delete); the writer
 * and the replay both say where a record lies ({@link RecordPosition}). {@link SegmentValues}
 * reads a value stored in a record through a mapping of its segment, for leaves that refer to it.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>Records are numbered: sequence numbers are consecutive across the log, with no gap
 *       ({@code append} refuses one), and equal the commits' sequence numbers.</li>
 *   <li>Every record is checksummed with CRC32C seeded with its segment's salt, drawn afresh each
 *       time a segment file is used: records left in a recycled segment fail their check.</li>
 *   <li>A segment is forced before the next is created, and the data file before it (through the
 *       writer's before-force action) so out-of-line values are durable before the records that
 *       point at them: only the last segment may end in a torn tail.</li>
 *   <li>A new segment is zero-filled (or a recycled spare), given its header, forced, renamed into
 *       place and its directory synced before any record goes into it.</li>
 *   <li>Replay: a damaged record, or one the visitor rejects, ends the log only when it is in the
 *       last segment and no later valid record's {@code syncedUpTo} says it was durable (a torn
 *       tail, cut); otherwise it is {@code CorruptDataException}, as is a record whose checksum is
 *       valid but whose content does not decode.</li>
 *   <li>The writer is used by one thread at a time: the commit leader, or a holder of the commit
 *       lock.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.error}, {@code org.aetherdb.format}, {@code org.aetherdb.io}.
 * Never imports: {@code org.aetherdb} (the API), {@code org.aetherdb.btree} (the log format does
 * not depend on the tree: a record's values are {@code format.Value}s).
 */
package org.aetherdb.wal;
