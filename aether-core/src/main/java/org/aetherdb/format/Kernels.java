package org.aetherdb.format;

/**
 * Arithmetic kernels of the page and codec code, written in the Java subset KeY reads (Java 7:
 * no records, lambdas, pattern matching or foreign memory) and carrying JML contracts that the
 * {@code aether-key} module proves automatically with KeY on every build. The engine calls these
 * methods ({@link Bytes#varintSize}, {@code CowTree.shortestSeparator}), so what is proven is the
 * code that runs. Keep this file self-contained: KeY loads it alone.
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
}
