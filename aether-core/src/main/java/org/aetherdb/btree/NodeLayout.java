package org.aetherdb.btree;

import org.aetherdb.format.Bytes;
import org.aetherdb.format.PageFormat;

/** Encoded sizes of nodes and entries, per {@link PageFormat}. */
final class NodeLayout {
    private NodeLayout() {}

    static int leafEntryBytes(byte[] key, Object value) {
        int n = Bytes.varintSize(key.length) + key.length + 1;
        if (value instanceof byte[] v) {
            return n + Bytes.varintSize(v.length) + v.length;
        }
        return n + PageFormat.BLOB_REF_BYTES;
    }

    static int leafBytes(byte[][] keys, Object[] values, int from, int to) {
        int n = PageFormat.HEADER;
        for (int i = from; i < to; i++) {
            n += leafEntryBytes(keys[i], values[i]);
        }
        return n;
    }

    static int separatorBytes(byte[] key) {
        return Bytes.varintSize(key.length) + key.length;
    }

    /** Size of a branch holding separators {@code keys[from, to)} and one more child than separators. */
    static int branchBytes(byte[][] keys, int from, int to) {
        int n = PageFormat.HEADER + PageFormat.CHILD_REF_BYTES * (to - from + 1);
        for (int i = from; i < to; i++) {
            n += separatorBytes(keys[i]);
        }
        return n;
    }
}
