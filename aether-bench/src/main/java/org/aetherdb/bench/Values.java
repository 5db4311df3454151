package org.aetherdb.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The values the benchmark writes, derived from the key and a seed, so that every value read can
 * be checked against the bytes that were written for that key (an engine that returns a stale,
 * foreign, truncated or lazily elided value fails the run, whatever its speed).
 *
 * <p>A value of key {@code k} and generation {@code g} is {@code pool[slot(k, g)]} of a pool of
 * {@link #poolSize} arrays filled from {@code SplittableRandom(seed)}; values of at most {@link
 * #STAMP_LIMIT} bytes also carry the key itself in their first {@code min(16, size)} bytes, so a
 * value returned for the wrong key is always caught. 1 MiB values are not stamped (a stamp costs a
 * 1 MiB copy per put, which would be timed): a wrong value among the {@code poolSize} candidates
 * is caught with probability {@code (poolSize - 1) / poolSize} per read, a value of the wrong size
 * or content always.
 *
 * <p>Compressible pools hold random bytes in their first half and a repeated 16-byte pattern in
 * the second, so LZ4/Snappy/Zstd shrink them to about half.
 */
final class Values {
    static final int STAMP_LIMIT = 64 * 1024;
    private static final int STAMP = 16;

    private final byte[][] pool;
    private final int size;
    private final boolean stamped;

    Values(int size, int poolSize, long seed, boolean compressible) {
        this.size = size;
        this.stamped = size <= STAMP_LIMIT;
        this.pool = new byte[poolSize][size];
        SplittableRandom r = new SplittableRandom(seed ^ size);
        for (byte[] v : pool) {
            r.nextBytes(v);
            if (compressible) {
                for (int i = size / 2; i < size; i++) {
                    v[i] = (byte) (i & 15);
                }
            }
        }
    }

    Values(int size, int poolSize, long seed) {
        this(size, poolSize, seed, false);
    }

    int size() {
        return size;
    }

    int poolSize() {
        return pool.length;
    }

    private int slot(byte[] key, int generation) {
        long h = 0x9E3779B97F4A7C15L * (generation + 1);
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        return (int) Math.floorMod(h, (long) pool.length);
    }

    /** The value written for {@code key} (generation 0). Stamped values are fresh arrays; 1 MiB values are shared, never mutated. */
    byte[] of(byte[] key) {
        return of(key, 0);
    }

    /** The value written for {@code key} at an overwrite {@code generation}. */
    byte[] of(byte[] key, int generation) {
        byte[] base = pool[slot(key, generation)];
        if (!stamped) {
            return base;
        }
        byte[] v = base.clone();
        System.arraycopy(key, 0, v, 0, Math.min(Math.min(key.length, STAMP), size));
        return v;
    }

    /** True when {@code value} is exactly what {@link #of(byte[], int)} gives. */
    boolean matches(byte[] key, int generation, byte[] value) {
        if (value == null || value.length != size) {
            return false;
        }
        byte[] base = pool[slot(key, generation)];
        if (!stamped) {
            return Arrays.equals(value, base);
        }
        int s = Math.min(Math.min(key.length, STAMP), size);
        return Arrays.equals(value, 0, s, key, 0, s) && Arrays.equals(value, s, size, base, s, size);
    }

    boolean matches(byte[] key, byte[] value) {
        return matches(key, 0, value);
    }

    /**
     * Fails with the engine's name when {@code value} is not the one written for {@code key}.
     *
     * @throws WrongValueException naming engine, what was read and how it differs
     */
    void check(String engine, String what, byte[] key, int generation, byte[] value) {
        if (!matches(key, generation, value)) {
            throw new WrongValueException(engine + ": " + what + " returned a wrong value for key " + hex(key) + ": "
                    + (value == null ? "null" : value.length != size ? value.length + " bytes, expected " + size
                    : "content differs from what was written"));
        }
    }

    void check(String engine, String what, byte[] key, byte[] value) {
        check(engine, what, key, 0, value);
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    /** A value read that is not the value written: the run fails, never measured. */
    static final class WrongValueException extends IllegalStateException {
        WrongValueException(String message) {
            super(message);
        }
    }
}
