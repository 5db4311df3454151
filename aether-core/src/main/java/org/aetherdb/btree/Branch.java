package org.aetherdb.btree;

/**
 * An inner node: {@code n} children and {@code n - 1} separator keys. Child {@code i} holds the
 * keys {@code k} with {@code keys[i-1] <= k < keys[i]} (missing bounds are unbounded). A branch
 * always has at least two children.
 */
public final class Branch implements Node {
    final byte[][] keys;
    final ChildRef[] children;
    private final int level;
    private final int bytes;

    public Branch(byte[][] keys, ChildRef[] children, int level) {
        this(keys, children, level, NodeLayout.branchBytes(keys, 0, keys.length));
    }

    /** With a size the caller derived from a node it copies (copy-on-write stays O(1) in size). */
    Branch(byte[][] keys, ChildRef[] children, int level, int bytes) {
        if (children.length != keys.length + 1) {
            throw new IllegalArgumentException("branch with " + children.length + " children and " + keys.length + " keys");
        }
        this.keys = keys;
        this.children = children;
        this.level = level;
        this.bytes = bytes;
    }

    @Override
    public int bytes() {
        return bytes;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public int count() {
        return children.length;
    }

    public byte[] key(int i) {
        return keys[i];
    }

    public ChildRef child(int i) {
        return children[i];
    }
}
