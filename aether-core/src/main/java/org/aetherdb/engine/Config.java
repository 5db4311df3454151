package org.aetherdb.engine;

import java.time.Duration;
import org.aetherdb.io.FileIO;

/**
 * What the engine needs of the caller's options, translated by the API ({@code Options}) so that
 * no internal package depends on the API package. Values are already validated there.
 *
 * @param pageSizeExplicit whether {@code pageSize} was asked for (then an existing database with
 *                         another page size is refused) or is the default for a new database
 * @param logValuesAbove   values longer than this many bytes are kept in their commit's log
 *                         record, the tree holding a reference (0: a sixteenth of the page;
 *                         {@code Integer.MAX_VALUE}: none)
 * @param logValuesUpTo    values too large for a leaf and at most this long also go through the
 *                         log (0: to the data file); ignored when no value is logged
 * @param syncByDefault    commits are SYNC unless they say otherwise: new log segments are then
 *                         zero-filled, since a forced write into written space syncs faster than
 *                         one into a sparse file (docs/ARCHITECTURE.md, "Log segments")
 */
public record Config(FileIO fileIO, int pageSize, boolean pageSizeExplicit, long cacheSize, Duration checkpointInterval,
        long checkpointLogBytes, Duration asyncSyncDelay, boolean createIfMissing, boolean readOnly, long walSegmentSize,
        int logValuesAbove, int logValuesUpTo, boolean syncByDefault) {}
