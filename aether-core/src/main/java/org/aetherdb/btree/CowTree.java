package org.aetherdb.btree;

import java.util.Arrays;
import org.aetherdb.format.Kernels;
import org.aetherdb.format.Op;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.StoredValue;
import org.aetherdb.format.Tombstone;

/**
 * Copy-on-write B+tree operations. A modification returns a new root and leaves every node
 * reachable from the old root untouched: nodes on the path are copied, the rest shared.
 *
 * <p>Invariants kept (and checked by the verifier): keys strictly increasing in unsigned order
 * within a node and across the tree; every key in child {@code i} lies in
 * {@code [sep[i-1], sep[i])}; all leaves at the same depth; every node fits a page; every node
 * but the root fills at least a quarter page ({@link PageFormat#minFill}); a branch has at least
 * two children. Splits choose the point that balances the two halves, which keeps both above the
 * quarter-page bound because one entry is at most {@code P/8 + 5P/16 + 6} bytes (key, inline value,
 * two varints and the kind byte). Proven for every page size from 4 to 64 KiB in
 * {@code proofs/btree/Fill.v} ({@code btree_ops_preserve_invariants}).
 */
public final class CowTree {
    private final NodeStore store;
    private final int pageSize;
    private final int minFill;

    public CowTree(NodeStore store) {
        this.store = store;
        this.pageSize = store.pageSize();
        this.minFill = PageFormat.minFill(pageSize);
    }

    /** The result of changing a subtree: one node, or two with the separator between them. */
    private record Replacement(Node left, byte[] separator, Node right) {
        static Replacement of(Node n) {
            return new Replacement(n, null, null);
        }

        boolean split() {
            return right != null;
        }
    }

    /** The value under {@code key}, or null. */
    public StoredValue get(ChildRef root, byte[] key) {
        Node n = store.load(root);
        while (n instanceof Branch b) {
            n = store.load(b.children[Search.child(b.keys, key)], b.level() - 1);
        }
        Leaf leaf = (Leaf) n;
        int i = Search.find(leaf.keys, key);
        return i >= 0 ? leaf.values[i] : null;
    }

    /** Height of the tree (1 when the root is a leaf). */
    public int height(ChildRef root) {
        return store.load(root).level() + 1;
    }

    /** A new root with {@code key} mapped to {@code value}. */
    public ChildRef put(ChildRef root, byte[] key, StoredValue value) {
        store.adoptValue(value);
        Replacement r = put(root, store.load(root), key, value);
        return newRoot(r);
    }

    /** A new root with {@code op} applied: a put, or a delete for a tombstone. */
    public ChildRef apply(ChildRef root, Op op) {
        return switch (op.value()) {
            case StoredValue v -> put(root, op.key(), v);
            case Tombstone _ -> delete(root, op.key());
        };
    }

    /** A new root without {@code key}; {@code root} itself when the key is absent. */
    public ChildRef delete(ChildRef root, byte[] key) {
        Node n = store.load(root);
        Replacement r = delete(root, n, key);
        return r == null ? root : newRoot(r);
    }

    /**
     * The root after a change: a new branch above a split root, or, when the root's last two
     * children merged (a delete, or a put that shrank a value), the one remaining child: the tree
     * shrinks by a level. Children below the root always keep at least two children.
     */
    private ChildRef newRoot(Replacement r) {
        if (!r.split()) {
            if (r.left() instanceof Branch b && b.children.length == 1) {
                return b.children[0];
            }
            return new ChildRef(r.left());
        }
        Node l = r.left();
        return new ChildRef(new Branch(new byte[][] {r.separator()}, new ChildRef[] {new ChildRef(l), new ChildRef(r.right())}, l.level() + 1));
    }

    private Replacement put(ChildRef ref, Node n, byte[] key, StoredValue value) {
        store.discard(ref);
        if (n instanceof Leaf leaf) {
            return fitLeaf(leafPut(leaf, key, value));
        }
        Branch b = (Branch) n;
        int i = Search.child(b.keys, key);
        ChildRef childRef = b.children[i];
        Replacement child = put(childRef, store.load(childRef, b.level() - 1), key, value);
        return fitBranch(replaceChild(b, i, child));
    }

    /** Null when the key is absent (nothing changes). */
    private Replacement delete(ChildRef ref, Node n, byte[] key) {
        if (n instanceof Leaf leaf) {
            int i = Search.find(leaf.keys, key);
            if (i < 0) {
                return null;
            }
            store.discard(ref);
            store.discardValue(leaf.values[i]);
            int bytes = leaf.bytes() - NodeLayout.leafEntryBytes(leaf.keys[i], leaf.values[i]);
            return Replacement.of(new Leaf(remove(leaf.keys, i), remove(leaf.values, i), bytes));
        }
        Branch b = (Branch) n;
        int i = Search.child(b.keys, key);
        ChildRef childRef = b.children[i];
        Replacement child = delete(childRef, store.load(childRef, b.level() - 1), key);
        if (child == null) {
            return null;
        }
        store.discard(ref);
        return fitBranch(replaceChild(b, i, child));
    }

    private Leaf leafPut(Leaf leaf, byte[] key, StoredValue value) {
        int i = Search.find(leaf.keys, key);
        if (i >= 0) {
            store.discardValue(leaf.values[i]);
            StoredValue[] values = leaf.values.clone();
            values[i] = value;
            int bytes = leaf.bytes() - NodeLayout.leafEntryBytes(key, leaf.values[i]) + NodeLayout.leafEntryBytes(key, value);
            return new Leaf(leaf.keys, values, bytes);
        }
        int at = -(i + 1);
        int bytes = leaf.bytes() + NodeLayout.leafEntryBytes(key, value);
        return new Leaf(insert(leaf.keys, at, key), insert(leaf.values, at, value), bytes);
    }

    /**
     * Replaces child {@code i} of {@code b} by {@code child}: inserts the split half, or merges an
     * underfull child with a sibling. The result may be oversize; {@link #fitBranch} splits it.
     */
    private Branch replaceChild(Branch b, int i, Replacement child) {
        ChildRef[] children = b.children.clone();
        children[i] = new ChildRef(child.left());
        if (child.split()) {
            int bytes = b.bytes() + NodeLayout.separatorBytes(child.separator()) + PageFormat.CHILD_REF_BYTES;
            return new Branch(insert(b.keys, i, child.separator()), insert(children, i + 1, new ChildRef(child.right())), b.level(), bytes);
        }
        if (child.left().bytes() >= minFill || children.length < 2) {
            return new Branch(b.keys, children, b.level(), b.bytes());
        }
        return rebalance(b.keys, children, i, b.level());
    }

    /** Merges the underfull child {@code i} with a sibling, or refills it from one. */
    private Branch rebalance(byte[][] keys, ChildRef[] children, int i, int level) {
        int a = i > 0 ? i - 1 : i; // left of the pair
        Node left = store.load(children[a], level - 1);
        Node right = store.load(children[a + 1], level - 1);
        store.discard(children[a == i ? a + 1 : a]); // the sibling's page is replaced
        Node merged = merge(left, keys[a], right);
        if (merged.bytes() <= pageSize) {
            return new Branch(remove(keys, a), replacePair(children, a, new ChildRef(merged)), level);
        }
        Replacement halves = split(merged);
        byte[][] k = keys.clone();
        k[a] = halves.separator();
        ChildRef[] c = children.clone();
        c[a] = new ChildRef(halves.left());
        c[a + 1] = new ChildRef(halves.right());
        return new Branch(k, c, level);
    }

    private static Node merge(Node left, byte[] separator, Node right) {
        if (left instanceof Leaf l && right instanceof Leaf r) {
            return new Leaf(concat(l.keys, r.keys), concat(l.values, r.values));
        }
        Branch l = (Branch) left;
        Branch r = (Branch) right;
        byte[][] k = new byte[l.keys.length + 1 + r.keys.length][];
        System.arraycopy(l.keys, 0, k, 0, l.keys.length);
        k[l.keys.length] = separator;
        System.arraycopy(r.keys, 0, k, l.keys.length + 1, r.keys.length);
        return new Branch(k, concat(l.children, r.children), l.level());
    }

    private Replacement fitLeaf(Leaf leaf) {
        return leaf.bytes() <= pageSize ? Replacement.of(leaf) : split(leaf);
    }

    private Replacement fitBranch(Branch b) {
        return b.bytes() <= pageSize ? Replacement.of(b) : split(b);
    }

    /** Splits an oversize node into two halves of balanced size. */
    private Replacement split(Node n) {
        if (n instanceof Leaf leaf) {
            int m = balancedLeafSplit(leaf);
            Leaf l = new Leaf(Arrays.copyOfRange(leaf.keys, 0, m), Arrays.copyOfRange(leaf.values, 0, m));
            Leaf r = new Leaf(Arrays.copyOfRange(leaf.keys, m, leaf.keys.length), Arrays.copyOfRange(leaf.values, m, leaf.values.length));
            return new Replacement(l, shortestSeparator(leaf.keys[m - 1], leaf.keys[m]), r);
        }
        Branch b = (Branch) n;
        int m = balancedBranchSplit(b);
        Branch l = new Branch(Arrays.copyOfRange(b.keys, 0, m), Arrays.copyOfRange(b.children, 0, m + 1), b.level());
        Branch r = new Branch(Arrays.copyOfRange(b.keys, m + 1, b.keys.length), Arrays.copyOfRange(b.children, m + 1, b.children.length), b.level());
        return new Replacement(l, b.keys[m], r);
    }

    /** The first index of the right half: minimises the larger half; both halves non-empty. */
    static int balancedLeafSplit(Leaf leaf) {
        int n = leaf.keys.length;
        int total = leaf.bytes() - PageFormat.HEADER;
        int best = 1;
        int bestMax = Integer.MAX_VALUE;
        int left = 0;
        for (int m = 1; m < n; m++) {
            left += NodeLayout.leafEntryBytes(leaf.keys[m - 1], leaf.values[m - 1]);
            int max = Math.max(left, total - left);
            if (max < bestMax) {
                bestMax = max;
                best = m;
            }
        }
        return best;
    }

    /** The separator index pushed up: each side keeps at least two children. */
    static int balancedBranchSplit(Branch b) {
        int seps = b.keys.length;
        int best = 1;
        int bestMax = Integer.MAX_VALUE;
        for (int m = 1; m <= seps - 2; m++) {
            int l = NodeLayout.branchBytes(b.keys, 0, m);
            int r = NodeLayout.branchBytes(b.keys, m + 1, seps);
            int max = Math.max(l, r);
            if (max < bestMax) {
                bestMax = max;
                best = m;
            }
        }
        return best;
    }

    /** The shortest key {@code s} with {@code left < s <= right}: a prefix of {@code right}. */
    static byte[] shortestSeparator(byte[] left, byte[] right) {
        return Arrays.copyOf(right, Kernels.separatorLength(left, right)); // length proven by KeY
    }

    private static <T> T[] insert(T[] a, int at, T x) {
        T[] out = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, at, out, at + 1, a.length - at);
        out[at] = x;
        return out;
    }

    private static <T> T[] remove(T[] a, int at) {
        T[] out = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, at + 1, out, at, a.length - at - 1);
        return out;
    }

    private static <T> T[] replacePair(T[] a, int at, T x) {
        T[] out = remove(a, at + 1);
        out[at] = x;
        return out;
    }

    private static <T> T[] concat(T[] a, T[] b) {
        T[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
