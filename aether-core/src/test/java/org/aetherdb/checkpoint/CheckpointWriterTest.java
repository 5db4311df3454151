package org.aetherdb.checkpoint;

import org.aetherdb.format.Extent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aetherdb.btree.Branch;
import org.aetherdb.btree.ChildRef;
import org.aetherdb.btree.CowTree;
import org.aetherdb.btree.Leaf;
import org.aetherdb.format.FreeListFormat;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.page.ExtentAllocator;
import org.aetherdb.page.PageCache;
import org.aetherdb.page.PageStore;
import org.junit.jupiter.api.Test;

/**
 * {@link CheckpointWriter} step by step on the in-memory file system: the write order that makes a
 * checkpoint atomic (pages forced before the superblock that names them is written, then the
 * superblock forced), the free-list reservation, and which decoded nodes a checkpoint lets go.
 */
class CheckpointWriterTest {
    private static final int PAGE = 4096;
    private final MemFileIO io = new MemFileIO();
    private final FileHandle file;

    CheckpointWriterTest() throws IOException {
        io.createDirectories(Path.of("/mem/cp"));
        file = io.open(Path.of("/mem/cp/data.aedb"), true);
        io.syncDirectory(Path.of("/mem/cp"));
    }

    private PageStore store(List<Extent> free, long end) {
        return new PageStore(file, PAGE, new PageCache(1 << 20), new ExtentAllocator(PAGE, end, free));
    }

    @Test
    void freeListReserveIsTheEncodedListRoundedUpToWholePages() {
        for (int n = 0; n <= 600; n++) {
            List<Extent> free = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                free.add(new Extent((long) (4 + 2 * i) * PAGE, PAGE)); // disjoint: one extent each
            }
            PageStore store = store(free, (long) (4 + 2 * n) * PAGE);
            assertEquals(n, store.allocator().extentCount());
            long bytes = FreeListFormat.encodedBytes(n + 3); // + the list being replaced, and slack for the split of its own extent
            assertEquals((bytes + PAGE - 1) / PAGE * PAGE, new CheckpointWriter(store).freeListReserve(0), n + " free extents");
        }
        // 252 + 3 extents encode to exactly one page: no slack page
        assertEquals(PAGE, FreeListFormat.encodedBytes(255));
        List<Extent> free = new ArrayList<>();
        for (int i = 0; i < 252; i++) {
            free.add(new Extent((long) (4 + 2 * i) * PAGE, PAGE));
        }
        assertEquals(PAGE, new CheckpointWriter(store(free, 600L * PAGE)).freeListReserve(0));
    }

    @Test
    void pagesAreForcedBeforeTheSuperblockIsWrittenAndTheSuperblockIsForced() throws IOException {
        PageStore store = store(List.of(), Superblock.firstPage(PAGE));
        byte[] page = new byte[PAGE];
        page[7] = 1;
        long at = 3L * PAGE;
        List<MemFileIO.Event> events = new ArrayList<>();
        io.record(events::add);
        file.writeFully(at, page, 0, PAGE); // a page the new superblock will reference
        Superblock sb = new Superblock(PAGE, 0, 2, 5, at, 0, 1, 0, 0, 0, at + PAGE);
        new CheckpointWriter(store).commit(sb);
        assertEquals(4, events.size(), events.toString());
        MemFileIO.Event.Wrote pageWrite = assertInstanceOf(MemFileIO.Event.Wrote.class, events.get(0));
        assertEquals(at, pageWrite.position());
        assertInstanceOf(MemFileIO.Event.Forced.class, events.get(1), "the pages are durable before the superblock names them");
        MemFileIO.Event.Wrote slot = assertInstanceOf(MemFileIO.Event.Wrote.class, events.get(2));
        assertEquals(Superblock.slotOffset(2), slot.position());
        assertArrayEquals(sb.encode(), slot.bytes());
        assertInstanceOf(MemFileIO.Event.Forced.class, events.get(3), "the superblock is durable when commit returns");
        // a power loss now keeps both
        byte[] durable = io.crash().contents(Path.of("/mem/cp/data.aedb"));
        assertEquals(1, durable[(int) at + 7]);
    }

    @Test
    void writePagesWritesEveryDirtyNodeAndLetsGoOfLeavesOnly() throws IOException {
        PageStore store = store(List.of(), Superblock.firstPage(PAGE));
        CowTree tree = new CowTree(store);
        ChildRef root = new ChildRef(Leaf.empty());
        store.beginVersion(1);
        for (int i = 0; i < KEYS; i++) {
            root = tree.put(root, key(i), new Inline(value(i)));
        }
        store.endGroup(true);
        int height = tree.height(root);
        assertTrue(height >= 3, "height " + height);
        new CheckpointWriter(store).writePages(root);
        walk(root, height);
        for (int i = 0; i < KEYS; i++) {
            assertArrayEquals(value(i), ((Inline) tree.get(root, key(i))).bytes(), "key " + i + " reads back from the written pages");
        }
    }

    /** Every reference is written; branches stay decoded, leaves are left to the bounded cache. */
    private static void walk(ChildRef ref, int level) {
        assertNotEquals(0, ref.address());
        if (level == 1) {
            assertNull(ref.node(), "a written leaf is not held by its parent");
            return;
        }
        Branch b = assertInstanceOf(Branch.class, ref.node(), "a written branch stays resident");
        for (int i = 0; i < b.count(); i++) {
            walk(b.child(i), level - 1);
        }
    }

    /** A prime, so i * 7919 mod KEYS visits every key once, in scattered order. */
    private static final int KEYS = 20011;

    private static byte[] key(int i) {
        return String.format("key-%08d", i * 7919L % KEYS).getBytes();
    }

    private static byte[] value(int i) {
        byte[] v = new byte[100];
        java.util.Arrays.fill(v, (byte) (i * 7919L % KEYS));
        return v;
    }
}
