package org.aetherdb.btree;

import org.aetherdb.format.StoredValue;

/**
 * A leaf: keys in strictly increasing unsigned order and their values, each stored inline or a
 * reference to an out-of-line value.
 */
public final class Leaf implements Node {
    final byte[][] keys;
    final StoredValue[] values;
    private final int bytes;

    public Leaf(byte[][] keys, StoredValue[] values) {
        this.keys = keys;
        this.values = values;
        this.bytes = NodeLayout.leafBytes(keys, values, 0, keys.length);
    }

    Leaf(byte[][] keys, StoredValue[] values, int bytes) {
        this.keys = keys;
        this.values = values;
        this.bytes = bytes;
    }

    public static Leaf empty() {
        return new Leaf(new byte[0][], new StoredValue[0]);
    }

    @Override
    public int bytes() {
        return bytes;
    }

    @Override
    public int level() {
        return 0;
    }

    @Override
    public int count() {
        return keys.length;
    }

    public byte[] key(int i) {
        return keys[i];
    }

    public StoredValue value(int i) {
        return values[i];
    }
}
