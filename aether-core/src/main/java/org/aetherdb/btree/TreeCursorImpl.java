package org.aetherdb.btree;

/**
 * A cursor over one immutable tree version. There are no sibling links (they would force
 * neighbours to be rewritten on every copy-on-write); the cursor keeps the path of branches from
 * the root and their child indexes, and moves to a neighbouring leaf by climbing to the nearest
 * branch with a neighbouring child.
 *
 * <p>Invariant when valid: {@code leaf == child idx[depth-1] of path[depth-1]} and
 * {@code 0 <= pos < leaf.count()}.
 */
public final class TreeCursorImpl implements TreeCursor {
    private static final int MAX_DEPTH = 48;

    private final NodeStore store;
    private final ChildRef root;
    private final Branch[] path = new Branch[MAX_DEPTH];
    private final int[] idx = new int[MAX_DEPTH];
    private int depth;
    private Leaf leaf;
    private int pos;
    private boolean valid;

    public TreeCursorImpl(NodeStore store, ChildRef root) {
        this.store = store;
        this.root = root;
    }

    /** Descends from the root, choosing at each branch the child given by {@code chooser}. */
    private void descend(byte[] key, int edge) {
        depth = 0;
        Node n = store.load(root);
        while (n instanceof Branch b) {
            int i = key != null ? Search.child(b.keys, key) : edge < 0 ? 0 : b.children.length - 1;
            path[depth] = b;
            idx[depth] = i;
            depth++;
            n = store.load(b.children[i], b.level() - 1);
        }
        leaf = (Leaf) n;
    }

    /** Descends from the child at the current top frame to its first (or last) leaf. */
    private void descendEdge(Node n, boolean first) {
        while (n instanceof Branch b) {
            int i = first ? 0 : b.children.length - 1;
            path[depth] = b;
            idx[depth] = i;
            depth++;
            n = store.load(b.children[i], b.level() - 1);
        }
        leaf = (Leaf) n;
    }

    /** Moves to the first entry of the next non-empty leaf; invalid when there is none. */
    private void nextLeaf() {
        while (true) {
            while (depth > 0 && idx[depth - 1] + 1 >= path[depth - 1].children.length) {
                depth--;
            }
            if (depth == 0) {
                valid = false;
                return;
            }
            Branch b = path[depth - 1];
            int i = ++idx[depth - 1];
            descendEdge(store.load(b.children[i], b.level() - 1), true);
            if (leaf.count() > 0) {
                pos = 0;
                valid = true;
                return;
            }
        }
    }

    /** Moves to the last entry of the previous non-empty leaf; invalid when there is none. */
    private void prevLeaf() {
        while (true) {
            while (depth > 0 && idx[depth - 1] == 0) {
                depth--;
            }
            if (depth == 0) {
                valid = false;
                return;
            }
            Branch b = path[depth - 1];
            int i = --idx[depth - 1];
            descendEdge(store.load(b.children[i], b.level() - 1), false);
            if (leaf.count() > 0) {
                pos = leaf.count() - 1;
                valid = true;
                return;
            }
        }
    }

    @Override
    public void seekToFirst() {
        descend(null, -1);
        settleForward(0);
    }

    @Override
    public void seekToLast() {
        descend(null, 1);
        settleBackward(leaf.count() - 1);
    }

    @Override
    public void seek(byte[] key) {
        descend(key, 0);
        settleForward(Search.lowerBound(leaf.keys, key));
    }

    @Override
    public void seekForPrev(byte[] key) {
        descend(key, 0);
        settleBackward(Search.floor(leaf.keys, key));
    }

    private void settleForward(int p) {
        if (p < leaf.count()) {
            pos = p;
            valid = true;
        } else {
            nextLeaf();
        }
    }

    private void settleBackward(int p) {
        if (p >= 0) {
            pos = p;
            valid = true;
        } else {
            prevLeaf();
        }
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public void next() {
        requireValid();
        settleForward(pos + 1);
    }

    @Override
    public void prev() {
        requireValid();
        settleBackward(pos - 1);
    }

    private void requireValid() {
        if (!valid) {
            throw new IllegalStateException("cursor is not positioned at an entry");
        }
    }

    @Override
    public byte[] key() {
        requireValid();
        return leaf.keys[pos].clone();
    }

    @Override
    public byte[] value() {
        requireValid();
        return store.readValue(leaf.values[pos]);
    }
}
