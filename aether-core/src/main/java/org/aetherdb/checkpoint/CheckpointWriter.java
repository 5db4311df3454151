package org.aetherdb.checkpoint;

import java.io.IOException;
import java.util.List;
import org.aetherdb.btree.Branch;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.Node;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Extent;
import org.aetherdb.format.FreeListFormat;
import org.aetherdb.format.Superblock;
import org.aetherdb.page.PageStore;

/**
 * The steps of a checkpoint, each an I/O step on the data file; {@link Checkpointer} runs them in
 * order and holds the commit lock where the steps need a still state.
 *
 * <p>Order, and why: (1) every page of the version not yet in the file is written, children
 * before parents (a parent records its children's addresses and checksums), each to an extent
 * the allocator hands out, which is never one the durable checkpoint or a live reader uses;
 * (2) the free list as of this version is written to a fresh extent; (3) the data file is forced;
 * (4) the superblock goes to the slot the durable one does not occupy, and is forced. Until (4)
 * completes the previous checkpoint is intact and is what recovery uses; after it, this one.
 */
final class CheckpointWriter {
    private final PageStore store;

    CheckpointWriter(PageStore store) {
        this.store = store;
    }

    /** Step (1): writes the unwritten pages reachable from {@code root}, children first. */
    void writePages(ChildRef root) throws IOException {
        if (root.address() != 0) {
            return;
        }
        Node n = root.node();
        if (n instanceof Branch b) {
            for (int i = 0; i < b.count(); i++) {
                writePages(b.child(i));
            }
        }
        store.writeNode(root, n);
        if (!(n instanceof Branch)) {
            root.release(); // the leaf now lives in the file and the bounded cache
        }
    }

    /** Space to reserve for the free list given the allocator's state (may only shrink after) and {@code segments} value segments. */
    long freeListReserve(int segments) {
        int extents = store.freeExtentCount() + store.pendingCount() + 3; // +1: the previous free list
        long bytes = FreeListFormat.encodedBytes(extents, segments);
        int ps = store.pageSize();
        return (bytes + ps - 1) / ps * ps;
    }

    /** Where a free list was written: what the superblock records of it. */
    record FreeListWritten(long address, int length, int checksum) {}

    /** Step (2): encodes {@code map} into the whole reserved extent at {@code address}. */
    FreeListWritten writeFreeList(long address, long reserved, FreeListFormat.SpaceMap map) throws IOException {
        byte[] encoded = FreeListFormat.encode(map, Math.toIntExact(reserved));
        store.write(address, encoded);
        return new FreeListWritten(address, encoded.length, Checksums.crc(address, encoded, 0, encoded.length));
    }

    /** Steps (3) and (4). */
    void commit(Superblock sb) throws IOException {
        // No resizing here: callers may be writing out-of-line values at the end of the file right
        // now, so the file may end before fileEnd (allocated, not yet written) or after it. Every
        // structure the superblock references was written above, so it lies within the file.
        store.force();
        store.write(Superblock.slotOffset(sb.generation()), sb.encode());
        store.force();
    }
}
