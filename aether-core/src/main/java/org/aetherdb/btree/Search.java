package org.aetherdb.btree;

import org.aetherdb.format.Kernels;

/**
 * Binary search over the sorted keys of a node in unsigned order. {@link #find} is
 * {@link Kernels#find} with {@link Kernels#compareUnsigned}, whose contracts KeY proves
 * ({@code aether-key}): the code proven is the code that runs.
 */
final class Search {
    private Search() {}

    /** Index of {@code key} in {@code keys}, or {@code -(insertionPoint + 1)}. */
    static int find(byte[][] keys, byte[] key) {
        return Kernels.find(keys, key);
    }

    /** The child of a branch with separators {@code keys} whose range holds {@code key}. */
    static int child(byte[][] keys, byte[] key) {
        int i = find(keys, key);
        return i >= 0 ? i + 1 : -(i + 1);
    }

    /** First index whose key is {@code >= key}. */
    static int lowerBound(byte[][] keys, byte[] key) {
        int i = find(keys, key);
        return i >= 0 ? i : -(i + 1);
    }

    /** Last index whose key is {@code <= key} (-1 when none). */
    static int floor(byte[][] keys, byte[] key) {
        int i = find(keys, key);
        return i >= 0 ? i : -(i + 1) - 1;
    }
}
