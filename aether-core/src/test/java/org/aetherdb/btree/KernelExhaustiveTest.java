package org.aetherdb.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Kernels;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.StoredValue;
import org.junit.jupiter.api.Test;

/**
 * Bounded exhaustive checks of the page kernels (docs/VERIFICATION.md, "Code-level proofs of the
 * Java kernels"): the binary search ({@link Search}, which runs {@link Kernels#find}) on really
 * sorted pages, unsigned key comparison (the JDK's and {@link Kernels#compareUnsigned}) against the
 * order of spec/OrderedMap.v, the shortest separator, and the node-size arithmetic
 * ({@link NodeLayout}) against the encoder. KeY proves the kernels' contracts; these tests tie the
 * contracts to the reference order on every input within the stated bounds, each against an
 * obviously correct reference.
 */
class KernelExhaustiveTest {
    /** Bytes chosen at the signed/unsigned edges: 0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff. */
    private static final byte[] ALPHABET = {0, 1, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

    /** All keys of length 1..2 over the alphabet (42 keys), sorted by the reference order. */
    private static List<byte[]> universe() {
        List<byte[]> keys = new ArrayList<>();
        for (byte a : ALPHABET) {
            keys.add(new byte[] {a});
            for (byte b : ALPHABET) {
                keys.add(new byte[] {a, b});
            }
        }
        keys.sort(KernelExhaustiveTest::reference);
        return keys;
    }

    /** Unsigned lexicographic order, a proper prefix first: the definition in spec/OrderedMap.v. */
    private static int reference(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int x = a[i] & 0xff;
            int y = b[i] & 0xff;
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** Every pair of keys of length 0..1 over all 256 byte values, and every pair of two-byte keys sharing an edge first byte (459K pairs). */
    @Test
    void unsignedComparisonMatchesTheSpecOrder() {
        List<byte[]> keys = new ArrayList<>();
        keys.add(new byte[0]);
        for (int a = 0; a < 256; a++) {
            keys.add(new byte[] {(byte) a});
        }
        long pairs = 0;
        for (byte[] x : keys) {
            for (byte[] y : keys) {
                assertEquals(Integer.signum(reference(x, y)), Integer.signum(Arrays.compareUnsigned(x, y)));
                assertEquals(Integer.signum(reference(x, y)), Integer.signum(Kernels.compareUnsigned(x, y)));
                pairs++;
            }
        }
        for (byte first : ALPHABET) { // two-byte keys sharing an edge first byte: every second-byte pair
            int a = first & 0xff;
            for (int b = 0; b < 256; b++) {
                byte[] x = {(byte) a, (byte) b};
                for (int c = 0; c < 256; c++) {
                    byte[] y = {(byte) a, (byte) c};
                    assertEquals(Integer.signum(reference(x, y)), Integer.signum(Arrays.compareUnsigned(x, y)));
                    assertEquals(Integer.signum(reference(x, y)), Integer.signum(Kernels.compareUnsigned(x, y)));
                    pairs++;
                }
                assertEquals(1, Integer.signum(Arrays.compareUnsigned(x, new byte[] {(byte) a})));
                assertEquals(1, Integer.signum(Kernels.compareUnsigned(x, new byte[] {(byte) a})));
            }
        }
        assertTrue(pairs > 450_000);
    }

    /** Every sorted array of up to 4 keys from the 42-key universe (124,314 arrays) against every universe key and one more probe. */
    @Test
    void binarySearchOnEverySmallPage() {
        List<byte[]> u = universe();
        int[] idx = new int[4];
        long arrays = 0;
        for (int n = 0; n <= 4; n++) {
            arrays += subsets(u, idx, 0, 0, n);
        }
        assertTrue(arrays > 100_000, "arrays checked: " + arrays);
    }

    private static long subsets(List<byte[]> u, int[] idx, int depth, int from, int n) {
        if (depth == n) {
            byte[][] keys = new byte[n][];
            for (int i = 0; i < n; i++) {
                keys[i] = u.get(idx[i]);
            }
            for (byte[] probe : u) {
                checkSearch(keys, probe);
            }
            checkSearch(keys, new byte[] {0x10}); // a probe between universe keys
            return 1;
        }
        long count = 0;
        for (int i = from; i < u.size(); i++) {
            idx[depth] = i;
            count += subsets(u, idx, depth + 1, i + 1, n);
        }
        return count;
    }

    private static void checkSearch(byte[][] keys, byte[] probe) {
        int lower = 0; // reference: first index with key >= probe
        while (lower < keys.length && reference(keys[lower], probe) < 0) {
            lower++;
        }
        boolean found = lower < keys.length && reference(keys[lower], probe) == 0;
        assertEquals(found ? lower : -(lower + 1), Search.find(keys, probe));
        assertEquals(lower, Search.lowerBound(keys, probe));
        assertEquals(found ? lower : lower - 1, Search.floor(keys, probe));
        assertEquals(found ? lower + 1 : lower, Search.child(keys, probe));
    }

    /** Every ordered pair left < right of keys up to length 3 over the alphabet: left < separator <= right, shortest such prefix. */
    @Test
    void shortestSeparatorOnEveryPair() {
        List<byte[]> keys = new ArrayList<>(universe());
        for (byte a : ALPHABET) {
            for (byte b : ALPHABET) {
                for (byte c : ALPHABET) {
                    keys.add(new byte[] {a, b, c});
                }
            }
        }
        int pairs = 0;
        for (byte[] left : keys) {
            for (byte[] right : keys) {
                if (reference(left, right) >= 0) {
                    continue;
                }
                byte[] s = CowTree.shortestSeparator(left, right);
                assertTrue(reference(left, s) < 0 && reference(s, right) <= 0);
                assertArrayEquals(Arrays.copyOf(right, s.length), s);
                if (s.length > 1) {
                    assertTrue(reference(left, Arrays.copyOf(right, s.length - 1)) >= 0, "not the shortest");
                }
                assertEquals(Arrays.mismatch(left, right), Kernels.commonPrefix(left, right)); // left != right
                pairs++;
            }
        }
        assertTrue(pairs > 20_000);
    }

    /** Leaves of up to 3 entries and branches of up to 4 children over edge lengths: the layout's size is what the encoder writes. */
    @Test
    void nodeLayoutMatchesTheEncoder() {
        int page = 16384;
        int[] keyLens = {1, 2, 127, 128, 129, PageFormat.maxKey(4096)};
        int[] valueLens = {-1, 0, 1, 127, 128, 3000}; // -1: an out-of-line value
        int leaves = 0;
        for (int n = 0; n <= 3; n++) {
            int combos = (int) Math.pow(keyLens.length * valueLens.length, n);
            for (int c = 0; c < combos; c++) {
                byte[][] keys = new byte[n][];
                StoredValue[] values = new StoredValue[n];
                int code = c;
                for (int i = 0; i < n; i++) {
                    int k = keyLens[code % keyLens.length];
                    code /= keyLens.length;
                    int v = valueLens[code % valueLens.length];
                    code /= valueLens.length;
                    keys[i] = new byte[k];
                    keys[i][k - 1] = (byte) i; // distinct and increasing when the lengths allow
                    Arrays.fill(keys[i], 0, k - 1, (byte) 0);
                    values[i] = v < 0 ? new OutOfLine(page, 70000, 7) : new Inline(new byte[v]);
                }
                keys = distinctSorted(keys);
                if (keys == null) {
                    continue;
                }
                Leaf leaf = new Leaf(keys, Arrays.copyOf(values, keys.length));
                byte[] buf = new byte[page];
                NodeCodec.encode(leaf, buf, page); // throws when the layout's size differs from the bytes written
                assertEquals(leaf.bytes(), org.aetherdb.format.Bytes.getInt(buf, 8));
                Leaf back = (Leaf) NodeCodec.decodeBody(buf, page, "test");
                assertEquals(leaf.count(), back.count());
                leaves++;
            }
        }
        for (int n = 1; n <= 3; n++) { // branches: n separators, n+1 children
            for (int k : keyLens) {
                byte[][] seps = new byte[n][];
                for (int i = 0; i < n; i++) {
                    seps[i] = new byte[k];
                    seps[i][k - 1] = (byte) (i + 1);
                }
                ChildRef[] kids = new ChildRef[n + 1];
                for (int i = 0; i <= n; i++) {
                    kids[i] = new ChildRef((i + 1L) * page, i);
                }
                Branch b = new Branch(seps, kids, 1);
                byte[] buf = new byte[page];
                NodeCodec.encode(b, buf, page);
                assertEquals(b.bytes(), NodeLayout.branchBytes(seps, 0, n));
                assertEquals(b.bytes(), org.aetherdb.format.Bytes.getInt(buf, 8));
            }
        }
        assertTrue(leaves > 1000, "leaves checked: " + leaves);
    }

    /** The keys if strictly increasing in unsigned order, else null (the combination is skipped). */
    private static byte[][] distinctSorted(byte[][] keys) {
        for (int i = 1; i < keys.length; i++) {
            if (reference(keys[i - 1], keys[i]) >= 0) {
                return null;
            }
        }
        return keys;
    }
}
