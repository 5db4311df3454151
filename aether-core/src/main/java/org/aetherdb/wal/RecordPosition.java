package org.aetherdb.wal;

/**
 * Where a log record lies: in the segment whose first record is {@code segmentStart} (the file
 * {@code LogFormat.segmentName(segmentStart)}), at byte {@code offset} of that file (the record
 * header's first byte). A segment is at most 2^31 - 9 bytes, so the offset is an int.
 *
 * <p>The writer reports it when it buffers a record and replay reports it when it reads one; the
 * two agree (LogWriterReplayTest), which is what a reference from the tree into the log (values
 * stored in their commit's record) will rely on.
 */
record RecordPosition(long segmentStart, int offset) {}
