package org.aetherdb.wal;

import java.util.List;

/** One commit as logged: its sequence number and operations, applied in order. */
public record LogRecord(long seq, long syncedUpTo, List<LogOp> ops) {}
