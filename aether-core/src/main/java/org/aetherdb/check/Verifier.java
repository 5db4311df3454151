package org.aetherdb.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.aetherdb.error.EngineIoException;
import org.aetherdb.wal.SegmentValues;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.error.EngineException;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.btree.Branch;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.Leaf;
import org.aetherdb.btree.Node;
import org.aetherdb.btree.NodeCodec;
import org.aetherdb.format.BlobFormat;
import org.aetherdb.format.Extent;
import org.aetherdb.format.FreeListFormat;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.Superblock;
import org.aetherdb.format.ValueSegment;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;
import org.aetherdb.page.ExtentAllocator;
import org.aetherdb.page.PageCache;
import org.aetherdb.page.PageStore;
import org.aetherdb.recovery.DataFiles;
import org.aetherdb.wal.LogReplayer;

/**
 * Checks a closed database without changing it: both superblock slots; every page reachable
 * from the current root (checksum, the checksum its parent recorded, decoding, key order, keys
 * within the parent's separators, equal leaf depth, quarter-page fill of non-root pages, at
 * least two children per branch); every out-of-line value (header and checksum); that no extent
 * is used twice and the free list overlaps nothing in use; and the log after the checkpoint.
 * Every problem names the file and the offset.
 */
final class Verifier {
    private final FileIO io;
    private final Path dir;
    private final LongConsumer progress;
    private final List<String> problems = new ArrayList<>();
    private final TreeMap<Long, Long> used = new TreeMap<>();
    private long pages;
    private long entries;
    private long records;
    private PageStore store;
    private String file = DataFiles.DATA;

    public Verifier(FileIO io, Path dir, LongConsumer progress) {
        this.io = io;
        this.dir = dir;
        this.progress = progress;
    }

    public VerifyResult run() throws IOException {
        Path dataPath = dir.resolve(DataFiles.DATA);
        if (!io.exists(dataPath)) {
            problems.add(DataFiles.DATA + ": missing (no AetherDB database in " + dir + ")");
            return report();
        }
        try (FileHandle data = io.openReadOnly(dataPath)) {
            file = data.name();
            Superblock sb = superblocks(data);
            if (sb == null) {
                return report();
            }
            store = new PageStore(data, sb.pageSize(), new PageCache(1 << 20), new ExtentAllocator(sb.pageSize(), sb.fileEnd(), List.of()),
                    new SegmentValues(io, dir));
            use(sb.rootAddress(), sb.pageSize(), "root page");
            int leafLevel = walk(new ChildRef(sb.rootAddress(), sb.rootChecksum()), null, null, true, sb.treeHeight() - 1);
            if (leafLevel >= 0 && leafLevel != 0) {
                problems.add(file + ": tree height in the superblock does not match the pages");
            }
            freeList(data, sb);
            log(sb);
        }
        return report();
    }

    private VerifyResult report() {
        return new VerifyResult(problems, pages, entries, records);
    }

    private Superblock superblocks(FileHandle data) throws IOException {
        try {
            DataFiles.checkLength(data);
        } catch (CorruptDataException e) {
            problems.add(e.getMessage());
            return null;
        }
        Superblock best = null;
        for (int i = 0; i < 2; i++) {
            try {
                DataFiles.Slot slot = DataFiles.readSlot(data, i);
                if (slot.error() != null) {
                    problems.add("superblock slot " + i + ": " + slot.error().getMessage());
                } else if (slot.superblock() != null && (best == null || slot.superblock().generation() > best.generation())) {
                    best = slot.superblock();
                }
            } catch (EngineException e) {
                problems.add("superblock slot " + i + ": " + e.getMessage());
            }
        }
        if (best == null) {
            problems.add(file + ": no valid superblock");
        }
        // A file shorter than fileEnd is legal (space allocated at the end but not yet written when
        // the checkpoint was taken); whatever the tree and the free list reference must be present,
        // which the page and free-list checks below establish.
        return best;
    }

    /** Returns the level of the subtree's leaves relative to the expected level, or -1 on error. */
    private int walk(ChildRef ref, byte[] lo, byte[] hi, boolean root, int expectedLevel) {
        Node n;
        try {
            n = NodeCodec.decode(store.readPage(ref.address()), ref.address(), ref.checksum(), file);
        } catch (CorruptDataException e) {
            problems.add(e.getMessage());
            return -1;
        }
        pages++;
        progress.accept(pages);
        String where = file + " page at offset " + ref.address();
        if (n.level() != expectedLevel) {
            problems.add(where + ": level " + n.level() + ", expected " + expectedLevel + " (leaves at unequal depth)");
        }
        if (!root && n.bytes() < PageFormat.minFill(store.pageSize())) {
            problems.add(where + ": " + n.bytes() + " bytes used, below the quarter-page fill bound");
        }
        if (n instanceof Leaf leaf) {
            for (int i = 0; i < leaf.count(); i++) {
                checkFence(where, leaf.key(i), lo, hi);
                switch (leaf.value(i)) {
                    case OutOfLine b -> blob(b);
                    case Logged l -> logged(l);
                    case Inline _ -> { }
                }
                entries++;
            }
            return 0;
        }
        Branch b = (Branch) n;
        for (int i = 0; i < b.count() - 1; i++) {
            checkFence(where, b.key(i), lo, hi);
        }
        for (int i = 0; i < b.count(); i++) {
            ChildRef c = b.child(i);
            use(c.address(), store.pageSize(), "page");
            walk(c, i == 0 ? lo : b.key(i - 1), i == b.count() - 1 ? hi : b.key(i), false, n.level() - 1);
        }
        return 0;
    }

    private void checkFence(String where, byte[] key, byte[] lo, byte[] hi) {
        if ((lo != null && Arrays.compareUnsigned(key, lo) < 0) || (hi != null && Arrays.compareUnsigned(key, hi) >= 0)) {
            problems.add(where + ": key outside the range its parent assigns");
        }
    }

    private void blob(OutOfLine b) {
        use(b.address(), BlobFormat.extentBytes(b.length(), store.pageSize()), "out-of-line value");
        try {
            store.readBlob(b);
        } catch (CorruptDataException e) {
            problems.add(e.getMessage());
        }
    }

    /** A value in the log: its segment must hold it, intact. */
    private void logged(Logged l) {
        referencedLogBytes.merge(l.segment(), (long) l.length(), Long::sum);
        try {
            store.readLogged(l);
        } catch (CorruptDataException e) {
            problems.add(e.getMessage());
        } catch (EngineIoException e) {
            problems.add("logged value unreadable: " + e.getMessage());
        }
    }

    /** Records an extent as used; reports overlap with one already used. */
    private void use(long start, long len, String what) {
        Map.Entry<Long, Long> below = used.floorEntry(start + len - 1);
        if (below != null && below.getKey() + below.getValue() > start) {
            problems.add(file + " at offset " + start + ": " + what + " overlaps another structure at " + below.getKey());
            return;
        }
        used.put(start, len);
    }

    private void freeList(FileHandle data, Superblock sb) {
        if (sb.freeListAddress() == 0) {
            return;
        }
        use(sb.freeListAddress(), sb.freeListBytes(), "free list");
        try {
            FreeListFormat.SpaceMap map = DataFiles.readSpaceMap(data, sb);
            for (Extent e : map.free()) {
                use(e.start(), e.length(), "free extent");
            }
            Map<Long, Long> recorded = new TreeMap<>();
            for (ValueSegment v : map.valueSegments()) {
                recorded.put(v.start(), v.liveBytes());
            }
            if (!recorded.equals(referencedLogBytes)) {
                problems.add(file + " at offset " + sb.freeListAddress() + ": the checkpoint records live value bytes per log segment "
                        + recorded + " but its tree refers to " + referencedLogBytes);
            }
        } catch (CorruptDataException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add(file + " at offset " + sb.freeListAddress() + ": free list unreadable: " + e.getMessage());
        }
    }

    /** Bytes of values per log segment that the checkpoint's tree refers to, summed during the walk. */
    private final Map<Long, Long> referencedLogBytes = new TreeMap<>();

    /** Set by the log record whose out-of-line value is damaged: replay stops there. */
    private CorruptDataException rejected;

    private void log(Superblock sb) {
        try {
            LogReplayer.replay(io, dir, sb.sequence(), sb.pageSize(), rec -> {
                records++;
                rejected = store.firstDamagedValue(rec.ops());
                return rejected == null;
            });
        } catch (CorruptDataException e) {
            problems.add((rejected == null ? e : LogReplayer.durableRecordWithDamagedValue(rejected, e)).getMessage());
        } catch (IOException e) {
            problems.add("log unreadable: " + e.getMessage());
        }
    }
}
