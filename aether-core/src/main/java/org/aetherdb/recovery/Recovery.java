package org.aetherdb.recovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.FormatMismatchException;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.CowTree;
import org.aetherdb.format.BlobFormat;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;
import org.aetherdb.page.ExtentAllocator;
import org.aetherdb.page.PageCache;
import org.aetherdb.page.PageStore;
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
    /** What recovery found: the data file's page store, the superblock used, the tree after replay. */
    public record State(PageStore store, Superblock superblock, ChildRef root, long seq, LogReplayer.Result log) {}

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
            List<long[]> free = DataFiles.readFreeList(data, sb);
            ExtentAllocator allocator = new ExtentAllocator(sb.pageSize(), sb.fileEnd(), free);
            PageStore store = new PageStore(data, sb.pageSize(), new PageCache(cacheSize), allocator);
            ChildRef[] root = {new ChildRef(sb.rootAddress(), sb.rootChecksum())};
            long[] seq = {sb.sequence()};
            CowTree tree = new CowTree(store);
            if (tree.height(root[0]) != sb.treeHeight()) {
                throw new CorruptDataException(data.name(), sb.rootAddress(), "root level does not match the superblock's tree height");
            }
            CorruptDataException[] rejected = {null};
            LogReplayer.Result log;
            try {
                log = LogReplayer.replay(io, dir, sb.sequence(), sb.pageSize(), rec -> {
                    for (Op op : rec.ops()) {
                        if (op.value() instanceof OutOfLine b && (rejected[0] = store.blobDamage(b)) != null) {
                            return false;
                        }
                    }
                    store.beginVersion(rec.seq());
                    for (Op op : rec.ops()) {
                        if (op.value() instanceof OutOfLine b) {
                            allocator.markUsed(b.address(), BlobFormat.extentBytes(b.length(), sb.pageSize()));
                        }
                        root[0] = tree.apply(root[0], op);
                    }
                    store.endGroup(true);
                    seq[0] = rec.seq();
                    return true;
                });
            } catch (CorruptDataException e) {
                // Replay stops at a rejected record; an error after that says the record was durable.
                throw rejected[0] == null ? e : LogReplayer.durableRecordWithDamagedValue(rejected[0], e);
            }
            return new State(store, sb, root[0], seq[0], log);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }
}
