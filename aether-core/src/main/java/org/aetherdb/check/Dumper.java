package org.aetherdb.check;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.aetherdb.wal.SegmentValues;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.error.EngineException;
import org.aetherdb.btree.Branch;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.Leaf;
import org.aetherdb.btree.Node;
import org.aetherdb.btree.NodeCodec;
import org.aetherdb.format.Extent;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;
import org.aetherdb.page.ExtentAllocator;
import org.aetherdb.page.PageCache;
import org.aetherdb.page.PageStore;
import org.aetherdb.recovery.DataFiles;
import org.aetherdb.txn.Keys;
import org.aetherdb.wal.LogReplayer;

/** Prints a page-level description of a closed database (the CLI's {@code dump}). */
final class Dumper {
    private final FileIO io;
    private final Path dir;
    private final PrintStream out;

    public Dumper(FileIO io, Path dir, PrintStream out) {
        this.io = io;
        this.dir = dir;
        this.out = out;
    }

    public void run() throws IOException {
        try (FileHandle data = io.openReadOnly(dir.resolve(DataFiles.DATA))) {
            out.println("data file " + data.name() + ": " + data.size() + " bytes");
            for (int i = 0; i < 2; i++) {
                try {
                    DataFiles.Slot slot = DataFiles.readSlot(data, i);
                    out.println("superblock slot " + i + ": " + (slot.blank() ? "blank"
                            : slot.superblock() != null ? slot.superblock() : "INVALID: " + slot.error().getMessage()));
                } catch (EngineException e) {
                    out.println("superblock slot " + i + ": " + e.getMessage());
                }
            }
            Superblock sb = DataFiles.chooseSuperblock(data);
            out.println("current: generation " + sb.generation() + ", sequence " + sb.sequence());
            PageStore store = new PageStore(data, sb.pageSize(), new PageCache(1 << 20), new ExtentAllocator(sb.pageSize(), sb.fileEnd(), List.of()),
                    new SegmentValues(io, dir));
            page(store, new ChildRef(sb.rootAddress(), sb.rootChecksum()), 0);
            if (sb.freeListAddress() != 0) {
                List<Extent> free = DataFiles.readFreeList(data, sb);
                out.println("free list at " + sb.freeListAddress() + ": " + free.size() + " extents");
                for (Extent e : free) {
                    out.println("  free " + e.start() + " +" + e.length());
                }
            }
            for (String name : io.list(dir)) {
                if (LogFormat.parseSegmentName(name) >= 0) {
                    out.println("log segment " + name);
                }
            }
            LogReplayer.Result r = LogReplayer.replay(io, dir, sb.sequence(), sb.pageSize(), rec -> {
                out.println("  record seq " + rec.seq() + ": " + rec.ops().size() + " ops, syncedUpTo " + rec.syncedUpTo());
                return true;
            });
            out.println("log: next sequence " + r.nextSeq() + (r.tailCut() != null ? ", tail ends at " + r.tailCut() : ""));
        }
    }

    private void page(PageStore store, ChildRef ref, int depth) {
        String indent = "  ".repeat(depth);
        Node n;
        try {
            n = NodeCodec.decode(store.readPage(ref.address()), ref.address(), ref.checksum(), store.fileName());
        } catch (EngineException e) {
            out.println(indent + "page " + ref.address() + ": INVALID: " + e.getMessage());
            return;
        }
        if (n instanceof Leaf l) {
            int blobs = 0;
            int logged = 0;
            for (int i = 0; i < l.count(); i++) {
                switch (l.value(i)) {
                    case OutOfLine _ -> blobs++;
                    case Logged _ -> logged++;
                    case Inline _ -> { }
                }
            }
            out.println(indent + "leaf " + ref.address() + " checksum " + String.format("%08x", ref.checksum()) + ": " + l.count()
                    + " entries, " + l.bytes() + " bytes, " + blobs + " out-of-line" + (logged > 0 ? ", " + logged + " in the log" : "")
                    + (l.count() > 0 ? ", keys " + Keys.show(l.key(0)) + " .. " + Keys.show(l.key(l.count() - 1)) : ""));
            return;
        }
        Branch b = (Branch) n;
        out.println(indent + "branch " + ref.address() + " level " + b.level() + ": " + b.count() + " children, " + b.bytes() + " bytes");
        for (int i = 0; i < b.count(); i++) {
            page(store, b.child(i), depth + 1);
        }
    }
}
