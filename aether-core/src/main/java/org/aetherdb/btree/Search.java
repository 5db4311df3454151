package org.aetherdb.btree;

import java.util.Arrays;

/** Binary search over sorted keys in unsigned order ({@link Arrays#compareUnsigned} is vectorised). */
final class Search {
    private Search() {}

    /** Index of {@code key} in {@code keys}, or {@code -(insertionPoint + 1)}. */
    static int find(byte[][] keys, byte[] key) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(keys[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
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
