package org.aetherdb.wal;

import java.util.List;
import org.aetherdb.format.Op;

/** One commit as logged: its sequence number and operations, applied in order, and where it was read. */
public record LogRecord(long seq, long syncedUpTo, List<Op> ops, RecordPosition position) {}
