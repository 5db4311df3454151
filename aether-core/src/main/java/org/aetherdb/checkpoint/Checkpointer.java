package org.aetherdb.checkpoint;

import java.io.IOException;
import java.util.List;
import org.aetherdb.btree.Branch;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.Node;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.FreeListFormat;
import org.aetherdb.format.Superblock;
import org.aetherdb.page.PageStore;

/**
 * Writes a published version to the data file so recovery can start from it.
 *
 * <p>Order, and why: (1) every page of the version not yet in the file is written, children
 * before parents (a parent records its children's addresses and checksums), each to an extent
 * the allocator hands out, which is never one the durable checkpoint or a live reader uses;
 * (2) the free list as of this version is written to a fresh extent; (3) the data file is forced;
 * (4) the superblock goes to the slot the durable one does not occupy, and is forced. Until (4)
 * completes the previous checkpoint is intact and is what recovery uses; after it, this one.
 */
public final class Checkpointer {
    private final PageStore store;

    public Checkpointer(PageStore store) {
        this.store = store;
    }

    /** Step (1): writes the unwritten pages reachable from {@code root}, children first. */
    public void writePages(ChildRef root) throws IOException {
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

    /** Space to reserve for the free list given the allocator's state (may only shrink after). */
    public long freeListReserve() {
        int extents = store.allocator().extentCount() + store.pendingCount() + 3; // +1: the previous free list
        long bytes = FreeListFormat.encodedBytes(extents);
        int ps = store.pageSize();
        return (bytes + ps - 1) / ps * ps;
    }

    /** Step (2): encodes {@code free} into the whole reserved extent; returns {length, checksum}. */
    public int[] writeFreeList(long address, long reserved, List<long[]> free) throws IOException {
        byte[] encoded = FreeListFormat.encode(free, Math.toIntExact(reserved));
        store.file().writeFully(address, encoded, 0, encoded.length);
        return new int[] {encoded.length, Checksums.crc(address, encoded, 0, encoded.length)};
    }

    /** Steps (3) and (4). */
    public void commit(Superblock sb) throws IOException {
        // No resizing here: callers may be writing out-of-line values at the end of the file right
        // now, so the file may end before fileEnd (allocated, not yet written) or after it. Every
        // structure the superblock references was written above, so it lies within the file.
        store.file().force();
        byte[] slot = sb.encode();
        store.file().writeFully(Superblock.slotOffset(sb.generation()), slot, 0, slot.length);
        store.file().force();
    }
}
