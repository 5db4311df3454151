package org.aetherdb.btree;

import org.aetherdb.format.Bytes;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.StoredValue;

/** Encoded sizes of nodes and entries, per {@link PageFormat}. */
final class NodeLayout {
    private NodeLayout() {}

    static int leafEntryBytes(byte[] key, StoredValue value) {
        int n = Bytes.varintSize(key.length) + key.length + 1;
        return switch (value) {
            case Inline(byte[] v) -> n + Bytes.varintSize(v.length) + v.length;
            case OutOfLine _ -> n + PageFormat.BLOB_REF_BYTES;
            case Logged _ -> n + PageFormat.LOGGED_REF_BYTES;
        };
    }

    static int leafBytes(byte[][] keys, StoredValue[] values, int from, int to) {
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
