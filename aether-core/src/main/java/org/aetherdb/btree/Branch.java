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
        if (children.length != keys.length + 1) {
            throw new IllegalArgumentException("branch with " + children.length + " children and " + keys.length + " keys");
        }
        this.keys = keys;
        this.children = children;
        this.level = level;
        this.bytes = NodeLayout.branchBytes(keys, 0, keys.length);
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
