package org.aetherdb.conformance;

import java.util.Arrays;

/**
 * Keys and values for the conformance tests, as pure functions of small integers so that jqwik
 * shrinks a failing sequence to small, readable numbers.
 *
 * <p>Keys: {@link #KEYS} distinct keys, mostly a few bytes long, every seventh one long (up to
 * {@link #MAX_KEY}, the limit for {@link #PAGE}-byte pages: page/8, so a page holds several keys), with first bytes on both
 * sides of 0x80 so unsigned order matters. Values: sizes chosen to straddle the out-of-line
 * threshold ({@link #INLINE_LIMIT}) so that splits, merges and out-of-line values are frequent.
 */
final class Gen {
    /** The smallest page size {@code Options} allows. */
    static final int PAGE = 4096;
    /** Largest key for 4 KiB pages: an eighth of the page. */
    static final int MAX_KEY = PAGE / 8;
    /** Largest inline value for 4 KiB pages (5/16 of the page); longer ones are stored out of line. */
    static final int INLINE_LIMIT = PAGE * 5 / 16;
    static final int KEYS = 64;
    private static final byte[] FIRST = {0x00, 0x41, 0x7f, (byte) 0x80, (byte) 0xff};

    private Gen() {}

    /** Key number {@code i} (0 <= i < KEYS): distinct for distinct i. */
    static byte[] key(int i) {
        int len = i % 7 == 3 ? MAX_KEY - 3 * i : 1 + i % 4;
        byte[] k = new byte[Math.max(len, 2)];
        Arrays.fill(k, (byte) (i * 31));
        k[0] = FIRST[i % FIRST.length];
        k[1] = (byte) i;
        return len == 1 && i < FIRST.length ? new byte[] {FIRST[i]} : k;
    }

    /** A value of {@code size} bytes whose contents depend on {@code salt}. */
    static byte[] value(int size, int salt) {
        byte[] v = new byte[size];
        for (int j = 0; j < size; j++) {
            v[j] = (byte) (salt * 131 + j * 7);
        }
        return v;
    }
}
