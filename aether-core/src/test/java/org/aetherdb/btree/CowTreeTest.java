package org.aetherdb.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.aetherdb.format.Inline;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.StoredValue;
import org.junit.jupiter.api.Test;

/** Splits, merges, root growth and shrink, and snapshot stability of the in-memory COW tree. */
class CowTreeTest {
    /** Resident nodes only; records what the tree discards. */
    static class MemStore implements NodeStore {
        @Override
        public byte[] readLogged(org.aetherdb.format.Logged ref) {
            throw new AssertionError("these trees hold no values in the log");
        }

        final int pageSize;
        int discardedBlobs;

        MemStore(int pageSize) {
            this.pageSize = pageSize;
        }

        @Override
        public Node load(ChildRef ref) {
            return ref.node();
        }

        @Override
        public byte[] readBlob(OutOfLine blob) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int pageSize() {
            return pageSize;
        }

        @Override
        public void discard(ChildRef ref) {}

        @Override
        public void adoptValue(StoredValue value) {}

        @Override
        public void discardValue(StoredValue value) {
            if (value instanceof OutOfLine) {
                discardedBlobs++;
            }
        }
    }

    /** Checks order, separators, equal depth, page fit and quarter-page fill; returns leaf depth. */
    static int check(NodeStore s, ChildRef ref, byte[] lo, byte[] hi, boolean isRoot, List<byte[]> keysOut) {
        Node n = s.load(ref);
        assertTrue(n.bytes() <= s.pageSize(), "node fits page");
        if (!isRoot) {
            assertTrue(n.bytes() >= PageFormat.minFill(s.pageSize()), "fill " + n.bytes());
        }
        if (n instanceof Leaf l) {
            assertEquals(NodeLayout.leafBytes(l.keys, l.values, 0, l.count()), l.bytes(), "incremental leaf size");
            for (int i = 0; i < l.count(); i++) {
                byte[] k = l.key(i);
                if (lo != null) assertTrue(Arrays.compareUnsigned(k, lo) >= 0, "key below fence");
                if (hi != null) assertTrue(Arrays.compareUnsigned(k, hi) < 0, "key above fence");
                if (!keysOut.isEmpty()) assertTrue(Arrays.compareUnsigned(keysOut.getLast(), k) < 0, "order");
                keysOut.add(k);
            }
            return 0;
        }
        Branch b = (Branch) n;
        assertEquals(NodeLayout.branchBytes(b.keys, 0, b.keys.length), b.bytes(), "incremental branch size");
        assertTrue(b.count() >= 2);
        int depth = -1;
        for (int i = 0; i < b.count(); i++) {
            byte[] clo = i == 0 ? lo : b.key(i - 1);
            byte[] chi = i == b.count() - 1 ? hi : b.key(i);
            int d = check(s, b.child(i), clo, chi, false, keysOut);
            assertEquals(b.level() - 1, d, "child level");
            if (depth >= 0) assertEquals(depth, d, "equal depth");
            depth = d;
        }
        return b.level();
    }

    @Test
    void randomOperationsMatchTreeMapAndKeepInvariants() {
        for (int pageSize : new int[] {4096, 16384}) {
            long seed = 42 + pageSize;
            Random rnd = new Random(seed);
            MemStore store = new MemStore(pageSize);
            CowTree tree = new CowTree(store);
            ChildRef root = new ChildRef(Leaf.empty());
            TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            List<ChildRef> snapRoots = new ArrayList<>();
            List<TreeMap<byte[], byte[]>> snapModels = new ArrayList<>();
            int maxInline = PageFormat.maxInlineValue(pageSize);
            for (int step = 0; step < 20000; step++) {
                byte[] key = ("k" + rnd.nextInt(3000)).getBytes();
                if (rnd.nextInt(10) == 0) {
                    key = Arrays.copyOf(key, 1 + rnd.nextInt(PageFormat.maxKey(pageSize)));
                }
                int op = rnd.nextInt(10);
                if (op < 6) {
                    byte[] v = new byte[rnd.nextInt(5) == 0 ? rnd.nextInt(maxInline + 1) : rnd.nextInt(40)];
                    rnd.nextBytes(v);
                    root = tree.put(root, key, new Inline(v));
                    model.put(key, v);
                } else {
                    root = tree.delete(root, key);
                    model.remove(key);
                }
                if (step % 2000 == 0) {
                    snapRoots.add(root);
                    snapModels.add(new TreeMap<>(model));
                }
                if (step % 500 == 0 || step > 19900) {
                    List<byte[]> keys = new ArrayList<>();
                    check(store, root, null, null, true, keys);
                    assertEquals(model.size(), keys.size(), "size, seed " + seed);
                }
            }
            // Drain to empty so merges and root shrink run all the way down.
            for (byte[] k : new ArrayList<>(model.keySet())) {
                root = tree.delete(root, k);
                model.remove(k);
                if (model.size() % 97 == 0) {
                    check(store, root, null, null, true, new ArrayList<>());
                }
            }
            assertEquals(1, tree.height(root));
            assertEquals(0, store.load(root).count());
            for (int s = 0; s < snapRoots.size(); s++) {
                assertSame(store, snapRoots.get(s), snapModels.get(s));
            }
        }
    }

    private static void assertSame(NodeStore store, ChildRef root, TreeMap<byte[], byte[]> model) {
        CowTree tree = new CowTree(store);
        TreeCursorImpl c = new TreeCursorImpl(store, root);
        c.seekToFirst();
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertTrue(c.isValid());
            assertArrayEquals(e.getKey(), c.key());
            assertArrayEquals(e.getValue(), c.value());
            assertArrayEquals(e.getValue(), ((Inline) tree.get(root, e.getKey())).bytes());
            c.next();
        }
        assertFalse(c.isValid());
        c.seekToLast();
        for (byte[] k : model.descendingKeySet()) {
            assertTrue(c.isValid());
            assertArrayEquals(k, c.key());
            c.prev();
        }
        assertFalse(c.isValid());
        assertNull(tree.get(root, "absent-key".getBytes()));
    }

    @Test
    void cursorSeeksMatchNavigableMap() {
        MemStore store = new MemStore(4096);
        CowTree tree = new CowTree(store);
        ChildRef root = new ChildRef(Leaf.empty());
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] k = new byte[1 + rnd.nextInt(6)];
            rnd.nextBytes(k);
            byte[] v = new byte[rnd.nextInt(100)];
            root = tree.put(root, k, new Inline(v));
            model.put(k, v);
        }
        TreeCursorImpl c = new TreeCursorImpl(store, root);
        for (int i = 0; i < 2000; i++) {
            byte[] probe = new byte[1 + rnd.nextInt(6)];
            rnd.nextBytes(probe);
            c.seek(probe);
            byte[] ceil = model.ceilingKey(probe);
            assertEquals(ceil != null, c.isValid());
            if (ceil != null) assertArrayEquals(ceil, c.key());
            c.seekForPrev(probe);
            byte[] floor = model.floorKey(probe);
            assertEquals(floor != null, c.isValid());
            if (floor != null) {
                assertArrayEquals(floor, c.key());
                c.next();
                byte[] higher = model.higherKey(floor);
                assertEquals(higher != null, c.isValid());
                if (higher != null) assertArrayEquals(higher, c.key());
            }
        }
    }

    /** Overwriting large values with small ones merges the root's children: the root must collapse. */
    @Test
    void putThatShrinksValuesCollapsesTheRoot() {
        MemStore store = new MemStore(4096);
        CowTree tree = new CowTree(store);
        ChildRef root = new ChildRef(Leaf.empty());
        byte[][] keys = {"a".getBytes(), "b".getBytes(), "c".getBytes(), "d".getBytes()};
        for (byte[] k : keys) {
            root = tree.put(root, k, new Inline(new byte[1200]));
        }
        assertEquals(2, tree.height(root), "four 1200-byte values need two 4 KiB leaves");
        for (byte[] k : keys) {
            root = tree.put(root, k, new Inline("x".getBytes()));
        }
        check(store, root, null, null, true, new ArrayList<>());
        assertEquals(1, tree.height(root), "the merged leaf is the root again");
    }

    @Test
    void shortestSeparatorLiesBetween() {
        byte[] a = {1, 2, 3};
        byte[] b = {1, 2, 4, 9};
        byte[] s = CowTree.shortestSeparator(a, b);
        assertArrayEquals(new byte[] {1, 2, 4}, s);
        assertArrayEquals(new byte[] {1, 2, 3, 0}, CowTree.shortestSeparator(a, new byte[] {1, 2, 3, 0}));
    }

    /** Resident nodes that a simulated checkpoint gives addresses; records every discard. */
    static final class AddressingStore extends MemStore {
        final List<Long> discardedPages = new ArrayList<>();
        final List<Long> discardedBlobs = new ArrayList<>();
        long nextAddress = 1;

        AddressingStore() {
            super(4096);
        }

        @Override
        public void discard(ChildRef ref) {
            if (ref.address() != 0) {
                discardedPages.add(ref.address());
            }
        }

        @Override
        public void adoptValue(StoredValue value) {}

        @Override
        public void discardValue(StoredValue value) {
            if (value instanceof OutOfLine blob) {
                discardedBlobs.add(blob.address());
            }
        }

        /** Gives every unwritten node an address, as a checkpoint would (nodes stay resident). */
        void checkpoint(ChildRef ref) {
            if (ref.address() == 0) {
                ref.written(4096 * nextAddress++, 0);
            }
            if (ref.node() instanceof Branch b) {
                for (int i = 0; i < b.count(); i++) {
                    checkpoint(b.child(i));
                }
            }
        }
    }

    private static void reachable(ChildRef ref, Set<Long> pages, Set<Long> blobs) {
        if (ref.address() != 0) {
            pages.add(ref.address());
        }
        Node n = ref.node();
        if (n instanceof Leaf l) {
            for (int i = 0; i < l.count(); i++) {
                if (l.value(i) instanceof OutOfLine b) {
                    blobs.add(b.address());
                }
            }
        } else {
            Branch b = (Branch) n;
            for (int i = 0; i < b.count(); i++) {
                reachable(b.child(i), pages, blobs);
            }
        }
    }

    /**
     * After every put and delete on a checkpointed tree, the written pages and out-of-line values
     * the tree discarded are exactly those the old version reached and the new one does not, each
     * once: none leaks (never freed), none is freed while the new version still uses it.
     */
    @Test
    void everyPageAndValueANewVersionStopsUsingIsDiscardedExactlyOnce() {
        AddressingStore store = new AddressingStore();
        CowTree tree = new CowTree(store);
        ChildRef root = new ChildRef(Leaf.empty());
        Random rnd = new Random(7);
        List<byte[]> present = new ArrayList<>();
        long blobAddress = 1L << 40;
        int maxHeight = 0;
        for (int step = 0; step < 9000; step++) {
            store.checkpoint(root);
            Set<Long> pagesBefore = new HashSet<>();
            Set<Long> blobsBefore = new HashSet<>();
            reachable(root, pagesBefore, blobsBefore);
            store.discardedPages.clear();
            store.discardedBlobs.clear();
            boolean delete = !present.isEmpty() && rnd.nextInt(step < 6000 ? 4 : 2) == 0; // grow, then shrink
            if (delete) {
                byte[] key = present.remove(rnd.nextInt(present.size()));
                root = tree.delete(root, key);
            } else {
                byte[] key = String.format("key%05d", rnd.nextInt(8000)).getBytes();
                StoredValue value = rnd.nextInt(3) == 0 ? new OutOfLine(blobAddress += 4096, 5000, 0) : new Inline(new byte[rnd.nextInt(1000)]);
                if (tree.get(root, key) == null) {
                    present.add(key);
                }
                root = tree.put(root, key, value);
            }
            Set<Long> pagesAfter = new HashSet<>();
            Set<Long> blobsAfter = new HashSet<>();
            reachable(root, pagesAfter, blobsAfter);
            Set<Long> gonePages = new HashSet<>(pagesBefore);
            gonePages.removeAll(pagesAfter);
            Set<Long> goneBlobs = new HashSet<>(blobsBefore);
            goneBlobs.removeAll(blobsAfter);
            assertEquals(gonePages, new HashSet<>(store.discardedPages), "pages discarded at step " + step);
            assertEquals(store.discardedPages.size(), new HashSet<>(store.discardedPages).size(), "a page discarded twice at step " + step);
            assertEquals(goneBlobs, new HashSet<>(store.discardedBlobs), "values discarded at step " + step);
            assertEquals(store.discardedBlobs.size(), goneBlobs.size(), "a value discarded twice at step " + step);
            maxHeight = Math.max(maxHeight, tree.height(root));
        }
        assertTrue(maxHeight >= 3, "the run split and merged branches: height " + maxHeight);
    }

    /** The split points are the model's: the first index that minimises the larger half. */
    @Test
    void splitsTakeTheFirstIndexThatMinimisesTheLargerHalf() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 2000; trial++) {
            boolean uniform = trial % 2 == 0; // equal sizes: many ties, so "first" matters
            int n = 2 + rnd.nextInt(60);
            byte[][] keys = new byte[n][];
            StoredValue[] values = new StoredValue[n];
            for (int i = 0; i < n; i++) {
                keys[i] = String.format("k%05d", i).getBytes();
                values[i] = new Inline(new byte[uniform ? 40 : rnd.nextInt(300)]);
            }
            Leaf leaf = new Leaf(keys, values);
            int best = -1;
            int bestMax = Integer.MAX_VALUE;
            for (int m = 1; m < n; m++) {
                int left = NodeLayout.leafBytes(keys, values, 0, m) - PageFormat.HEADER;
                int right = NodeLayout.leafBytes(keys, values, m, n) - PageFormat.HEADER;
                if (Math.max(left, right) < bestMax) {
                    bestMax = Math.max(left, right);
                    best = m;
                }
            }
            assertEquals(best, CowTree.balancedLeafSplit(leaf), "leaf of " + n + " entries");

            int seps = 3 + rnd.nextInt(60);
            byte[][] sk = new byte[seps][];
            ChildRef[] children = new ChildRef[seps + 1];
            for (int i = 0; i < seps; i++) {
                sk[i] = new byte[uniform ? 8 : 1 + rnd.nextInt(100)];
                sk[i][0] = (byte) i;
            }
            for (int i = 0; i <= seps; i++) {
                children[i] = new ChildRef(4096L * (i + 1), 0);
            }
            Branch b = new Branch(sk, children, 1);
            int bestB = -1;
            int bestBMax = Integer.MAX_VALUE;
            for (int m = 1; m <= seps - 2; m++) { // each side keeps at least two children
                int max = Math.max(NodeLayout.branchBytes(sk, 0, m), NodeLayout.branchBytes(sk, m + 1, seps));
                if (max < bestBMax) {
                    bestBMax = max;
                    bestB = m;
                }
            }
            assertEquals(bestB, CowTree.balancedBranchSplit(b), "branch of " + seps + " separators");
        }
    }

    @Test
    void aPageOfTheWrongLevelIsCorruptionNamingTheStore() {
        MemStore store = new MemStore(4096);
        org.aetherdb.error.CorruptDataException e = assertThrows(org.aetherdb.error.CorruptDataException.class,
                () -> store.load(new ChildRef(Leaf.empty()), 1));
        assertEquals("(memory)", e.file());
        assertTrue(e.getMessage().contains("page of level 0 where level 1 belongs"), e.getMessage());
    }

    @Test
    void aCursorOffAnEntryRefusesToMoveOrRead() {
        MemStore store = new MemStore(4096);
        TreeCursorImpl c = new TreeCursorImpl(store, new ChildRef(Leaf.empty()));
        c.seekToFirst();
        assertTrue(!c.isValid());
        assertThrows(IllegalStateException.class, c::next);
        assertThrows(IllegalStateException.class, c::prev);
        assertThrows(IllegalStateException.class, c::key);
        assertThrows(IllegalStateException.class, c::value);
    }
}
