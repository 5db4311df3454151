package org.aetherdb.btree;

/**
 * A leaf: keys in strictly increasing unsigned order and their values. A value is a
 * {@code byte[]} stored inline or a {@link BlobRef} to an out-of-line value.
 */
public final class Leaf implements Node {
    final byte[][] keys;
    final Object[] values;
    private final int bytes;

    public Leaf(byte[][] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
        this.bytes = NodeLayout.leafBytes(keys, values, 0, keys.length);
    }

    Leaf(byte[][] keys, Object[] values, int bytes) {
        this.keys = keys;
        this.values = values;
        this.bytes = bytes;
    }

    public static Leaf empty() {
        return new Leaf(new byte[0][], new Object[0]);
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

    /** The value at {@code i}: a {@code byte[]} (inline) or a {@link BlobRef}. */
    public Object value(int i) {
        return values[i];
    }
}
