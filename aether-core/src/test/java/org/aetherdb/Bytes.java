package org.aetherdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Byte-array helpers for tests: the reference order, readable rendering, deterministic contents. */
final class Bytes {
    /** The order the database promises: unsigned lexicographic. */
    static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private Bytes() {}

    /** An empty reference model ordered like the database. */
    static NavigableMap<byte[], byte[]> newModel() {
        return new TreeMap<>(ORDER);
    }

    /** A copy of a model (the arrays are shared: models never mutate arrays). */
    static NavigableMap<byte[], byte[]> copy(NavigableMap<byte[], byte[]> model) {
        return new TreeMap<>(model);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes whose content depends only on {@code seed} and the position (cheap to regenerate and compare). */
    static byte[] pattern(long seed, int length) {
        byte[] out = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8; j++) {
                out[i + j] = (byte) (v >>> (8 * j));
            }
        }
        for (; i < length; i++) {
            out[i] = (byte) r.nextInt(256);
        }
        return out;
    }

    /** A short printable rendering: printable ASCII as is, other bytes as \xNN, long arrays cut. */
    static String show(byte[] b) {
        if (b == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(b.length, 48);
        for (int i = 0; i < shown; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        sb.append('"');
        if (shown < b.length) {
            sb.append("...");
        }
        return sb.append("(").append(b.length).append(" B)").toString();
    }

    /** Describes how two values differ without printing megabytes. */
    static String diff(byte[] expected, byte[] actual) {
        if (expected == null || actual == null) {
            return "expected " + show(expected) + " but was " + show(actual);
        }
        int at = Arrays.mismatch(expected, actual);
        return "expected " + show(expected) + " but was " + show(actual) + " (first difference at byte " + at + ")";
    }

    static byte[] longBytes(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (56 - 8 * i));
        }
        return out;
    }

    static long toLong(byte[] b) {
        if (b.length != 8) {
            throw new AssertionError("expected an 8-byte counter, got " + show(b));
        }
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }
}
