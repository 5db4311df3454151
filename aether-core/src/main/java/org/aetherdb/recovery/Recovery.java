package org.aetherdb.recovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aetherdb.wal.SegmentValues;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.FormatMismatchException;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.CowTree;
import org.aetherdb.format.BlobFormat;
import org.aetherdb.format.FreeListFormat;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.Superblock;
import org.aetherdb.format.ValueSegment;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;
import org.aetherdb.page.ExtentAllocator;
import org.aetherdb.page.PageCache;
import org.aetherdb.page.PageStore;
import org.aetherdb.wal.LogRecord;
import org.aetherdb.wal.LogWriter;
import org.aetherdb.wal.LogReplayer;

/**
 * Opening a database: the newest valid superblock, its free list and root, then the log after it
 * replayed onto the tree in memory (see {@link LogReplayer} for where the log ends). Writes
 * nothing; the engine checkpoints afterwards when anything was replayed.
 *
 * <p>A replayed record whose out-of-line value fails its check was never durable (values are
 * forced before the records that point at them), so it ends the log like a torn record. The
 * extents of replayed values are marked used: they may lie in the checkpoint's free list (taken
 * before they were allocated) or beyond its file end.
 */
public final class Recovery {
    /**
     * What recovery found: the data file's page store, the superblock used, the tree after replay,
     * the log's values ({@code values}, counted for that tree), the segments before the replay
     * start that a readable version still refers to ({@code valueSegments}) and those no version
     * does ({@code obsolete}, file names: deletable once the data file is forced).
     */
    public record State(PageStore store, Superblock superblock, ChildRef root, long seq, LogReplayer.Result log, SegmentValues values,
                        List<LogWriter.Segment> valueSegments, List<String> obsolete) {}

    private Recovery() {}

    /**
     * @param pageSize  the page size the caller requires, or 0 to accept the one stored
     * @param cacheSize the page cache's budget in bytes
     */
    public static State recover(FileIO io, Path dir, boolean readOnly, int pageSize, long cacheSize) throws IOException {
        Path dataPath = dir.resolve(DataFiles.DATA);
        FileHandle data = readOnly ? io.openReadOnly(dataPath) : io.open(dataPath, false);
        try {
            Superblock sb = DataFiles.chooseSuperblock(data);
            if (pageSize != 0 && pageSize != sb.pageSize()) {
                throw new FormatMismatchException(dir + " has " + sb.pageSize() + "-byte pages, " + pageSize + " requested");
            }
            FreeListFormat.SpaceMap space = DataFiles.readSpaceMap(data, sb);
            ExtentAllocator allocator = new ExtentAllocator(sb.pageSize(), sb.fileEnd(), space.free());
            SegmentValues values = new SegmentValues(io, dir, space.valueSegments());
            PageStore store = new PageStore(data, sb.pageSize(), new PageCache(cacheSize), allocator, values);
            CowTree tree = new CowTree(store);
            ChildRef root = new ChildRef(sb.rootAddress(), sb.rootChecksum());
            if (tree.height(root) != sb.treeHeight()) {
                throw new CorruptDataException(data.name(), sb.rootAddress(), "root level does not match the superblock's tree height");
            }
            Replay replay = new Replay(tree, store, allocator, sb.pageSize(), root, sb.sequence());
            LogReplayer.Result log;
            try {
                log = LogReplayer.replay(io, dir, sb.sequence(), sb.pageSize(), replay::apply);
            } catch (CorruptDataException e) {
                // Replay stops at a rejected record; an error after that says the record was durable.
                throw replay.rejected == null ? e : LogReplayer.durableRecordWithDamagedValue(replay.rejected, e);
            }
            requirePresent(io, dir, space.valueSegments(), data.name());
            List<LogWriter.Segment> kept = new ArrayList<>();
            List<String> obsolete = new ArrayList<>();
            for (LogWriter.Segment s : log.older()) {
                // The durable checkpoint's tree may refer to a segment whose values replay discarded.
                if (values.releasable(s.startSeq(), sb.sequence())) {
                    obsolete.add(s.name());
                } else {
                    kept.add(s);
                }
            }
            return new State(store, sb, replay.root, replay.seq, log, values, kept, obsolete);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** Every segment the checkpoint says holds live values must be there: reading them later would fail. */
    private static void requirePresent(FileIO io, Path dir, List<ValueSegment> segments, String dataFile) throws IOException {
        for (ValueSegment s : segments) {
            String name = LogFormat.segmentName(s.start());
            if (!io.exists(dir.resolve(name))) {
                throw new CorruptDataException(name, 0, "log segment holding " + s.liveBytes() + " bytes of values that the checkpoint in "
                        + dataFile + " refers to is missing");
            }
        }
    }

    /**
     * Applies replayed log records to the tree. Invariant: {@code root} and {@code seq} describe
     * the last record applied; {@code rejected} is set only by the record that stopped replay.
     */
    private static final class Replay {
        private final CowTree tree;
        private final PageStore store;
        private final ExtentAllocator allocator;
        private final int pageSize;
        ChildRef root;
        long seq;
        CorruptDataException rejected;

        Replay(CowTree tree, PageStore store, ExtentAllocator allocator, int pageSize, ChildRef root, long seq) {
            this.tree = tree;
            this.store = store;
            this.allocator = allocator;
            this.pageSize = pageSize;
            this.root = root;
            this.seq = seq;
        }

        /** False (stop replay) when an out-of-line value of the record is damaged. */
        boolean apply(LogRecord rec) {
            rejected = store.firstDamagedValue(rec.ops());
            if (rejected != null) {
                return false;
            }
            store.beginVersion(rec.seq());
            for (Op op : rec.ops()) {
                if (op.value() instanceof OutOfLine b) {
                    allocator.markUsed(b.address(), BlobFormat.extentBytes(b.length(), pageSize));
                }
                root = tree.apply(root, op);
            }
            store.endGroup(true);
            seq = rec.seq();
            return true;
        }
    }
}
