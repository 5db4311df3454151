package org.aetherdb.format;

/**
 * Kernels of the page and codec code, written in the Java subset KeY reads (Java 7: no records,
 * lambdas, pattern matching or foreign memory) and carrying JML contracts that the
 * {@code aether-key} module proves automatically with KeY on every build. The engine calls these
 * methods ({@link Bytes#varintSize}, {@code CowTree.shortestSeparator}, and {@code Search.find},
 * the page binary search with its unsigned key comparison), so what is proven is the code that
 * runs. Keep this file self-contained: KeY loads it alone.
 */
public final class Kernels {
    private Kernels() {}

    /**
     * Bytes an unsigned LEB128 varint of {@code v} takes: one per started group of 7 bits.
     */
    /*@ public normal_behavior
      @ requires v >= 0;
      @ ensures 1 <= \result && \result <= 5;
      @ ensures \result == 1 <==> v < 128;
      @ ensures \result == 2 <==> (128 <= v && v < 16384);
      @ ensures \result == 3 <==> (16384 <= v && v < 2097152);
      @ ensures \result == 4 <==> (2097152 <= v && v < 268435456);
      @ ensures \result == 5 <==> v >= 268435456;
      @ assignable \strictly_nothing;
      @*/
    public static int varintSize(int v) {
        return v < (1 << 7) ? 1 : v < (1 << 14) ? 2 : v < (1 << 21) ? 3 : v < (1 << 28) ? 4 : 5;
    }

    /**
     * Length of the common prefix of {@code a} and {@code b}: the first index where they differ,
     * or the shorter length when one is a prefix of the other (or both are equal).
     */
    /*@ public normal_behavior
      @ requires a != null && b != null;
      @ ensures 0 <= \result && \result <= a.length && \result <= b.length;
      @ ensures (\forall int j; 0 <= j && j < \result; a[j] == b[j]);
      @ ensures \result == a.length || \result == b.length || a[\result] != b[\result];
      @ ensures (\forall int k; 0 <= k && k < a.length && k < b.length && a[k] != b[k]; \result <= k);
      @ assignable \strictly_nothing;
      @*/
    public static int commonPrefix(byte[] a, byte[] b) {
        int n = a.length < b.length ? a.length : b.length;
        int i = 0;
        /*@ loop_invariant 0 <= i && i <= n;
          @ loop_invariant (\forall int j; 0 <= j && j < i; a[j] == b[j]);
          @ decreases n - i;
          @ assignable \strictly_nothing;
          @*/
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    /**
     * Length of the shortest prefix of {@code right} that still differs from {@code left} at or
     * before its end: one past the common prefix, capped at {@code right.length}. For
     * {@code left < right} that prefix {@code s} satisfies {@code left < s <= right}
     * ({@code CowTree.shortestSeparator}).
     */
    /*@ public normal_behavior
      @ requires left != null && right != null;
      @ ensures 0 <= \result && \result <= right.length;
      @ ensures (\forall int j; 0 <= j && j < \result - 1; j < left.length && left[j] == right[j]);
      @ ensures right.length > 0 ==> \result >= 1;
      @ ensures \result < right.length ==> (\result - 1 == left.length || left[\result - 1] != right[\result - 1]);
      @ assignable \strictly_nothing;
      @*/
    public static int separatorLength(byte[] left, byte[] right) {
        int p = commonPrefix(left, right);
        return p + 1 < right.length ? p + 1 : right.length;
    }

    /**
     * Unsigned lexicographic comparison, a proper prefix first (the order of
     * {@code Arrays.compareUnsigned} and of {@code spec/OrderedMap.v}): negative when {@code a < b},
     * zero when equal, positive when {@code a > b}. The value is the difference of the unsigned
     * bytes at the first index where the arrays differ ({@link #commonPrefix}), or of the lengths
     * when one is a prefix of the other. The sign is therefore exactly the order of
     * {@code spec/OrderedMap.v} ({@code kcmp}): {@code commonPrefix} differs at its result unless
     * one array ends there, and unsigned bytes are 0..255. A scalar loop: KeY has no contract for
     * the JDK's vectorised comparison.
     *
     * <p>The last clause, {@code \result == compareUnsigned(a, b)}, says that a call returns the
     * value the method denotes in specifications (it is deterministic and reads nothing but the
     * two arrays). It is what lets {@link #find}'s proof connect the code's call to the
     * {@code compareUnsigned} terms of its contract. KeY proves it from the method body (a
     * contract may not be used in its own proof).
     */
    /*@ public normal_behavior
      @ requires a != null && b != null;
      @ ensures \result == (commonPrefix(a, b) < a.length && commonPrefix(a, b) < b.length
      @     ? (a[commonPrefix(a, b)] < 0 ? a[commonPrefix(a, b)] + 256 : a[commonPrefix(a, b)])
      @       - (b[commonPrefix(a, b)] < 0 ? b[commonPrefix(a, b)] + 256 : b[commonPrefix(a, b)])
      @     : a.length - b.length);
      @ ensures \result == compareUnsigned(a, b);
      @ assignable \strictly_nothing;
      @*/
    public static int compareUnsigned(byte[] a, byte[] b) {
        int p = commonPrefix(a, b);
        if (p < a.length && p < b.length) {
            int x = a[p] < 0 ? a[p] + 256 : a[p];
            int y = b[p] < 0 ? b[p] + 256 : b[p];
            return x - y;
        }
        return a.length - b.length;
    }

    /**
     * Binary search for {@code key} in {@code keys}: its index, or {@code -(insertionPoint + 1)}
     * (the contract of {@code Arrays.binarySearch}). Proven for every array that is partitioned
     * with respect to {@code key}: the keys below {@code key} come first, then at most one equal
     * one, then the keys above. Every array sorted in strictly increasing order is partitioned for
     * every key, because the order is a strict total order ({@code key_order_strict_total} in
     * {@code proofs/spec/OrderedMap.v}).
     */
    /*@ public normal_behavior
      @ requires keys != null && key != null;
      @ requires (\forall int i; 0 <= i && i < keys.length; keys[i] != null);
      @ requires (\forall int i, j; 0 <= i && i < j && j < keys.length;
      @     compareUnsigned(keys[j], key) < 0 ==> compareUnsigned(keys[i], key) < 0);
      @ requires (\forall int i, j; 0 <= i && i < j && j < keys.length;
      @     compareUnsigned(keys[i], key) > 0 ==> compareUnsigned(keys[j], key) > 0);
      @ ensures \result >= 0 ==> (\result < keys.length && compareUnsigned(keys[\result], key) == 0);
      @ ensures \result < 0 ==> (-\result - 1 <= keys.length
      @     && (\forall int i; 0 <= i && i < -\result - 1; compareUnsigned(keys[i], key) < 0)
      @     && (\forall int i; -\result - 1 <= i && i < keys.length; compareUnsigned(keys[i], key) > 0));
      @ assignable \strictly_nothing;
      @*/
    public static int find(byte[][] keys, byte[] key) {
        int lo = 0;
        int hi = keys.length - 1;
        /*@ loop_invariant 0 <= lo && lo <= hi + 1 && hi < keys.length;
          @ loop_invariant (\forall int i; 0 <= i && i < lo; compareUnsigned(keys[i], key) < 0);
          @ loop_invariant (\forall int i; hi < i && i < keys.length; compareUnsigned(keys[i], key) > 0);
          @ decreases hi - lo + 1;
          @ assignable \strictly_nothing;
          @*/
        while (lo <= hi) {
            int mid = lo + (hi - lo) / 2; // (lo + hi) >>> 1 without the overflow
            int c = compareUnsigned(keys[mid], key);
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
}
