package org.aetherdb;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Reading a whole database and matching it against candidate model states. */
public final class States {
    private States() {}

    /** Every entry, by a forward scan. */
    static NavigableMap<byte[], byte[]> readAll(AetherDB db) {
        NavigableMap<byte[], byte[]> out = Bytes.newModel();
        try (Cursor c = db.newCursor()) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                out.put(c.key(), c.value());
            }
        }
        return out;
    }

    /** Whether the two maps hold the same keys with the same values (byte-wise). */
    public static boolean same(NavigableMap<byte[], byte[]> a, NavigableMap<byte[], byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<byte[], byte[]>> ia = a.entrySet().iterator();
        Iterator<Map.Entry<byte[], byte[]>> ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            Map.Entry<byte[], byte[]> x = ia.next();
            Map.Entry<byte[], byte[]> y = ib.next();
            if (!Arrays.equals(x.getKey(), y.getKey()) || !Arrays.equals(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first candidate equal to {@code actual}, or -1. */
    static int match(NavigableMap<byte[], byte[]> actual, List<NavigableMap<byte[], byte[]>> candidates) {
        for (int i = 0; i < candidates.size(); i++) {
            if (same(actual, candidates.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A short description of how {@code actual} differs from {@code expected}. */
    static String describeDifference(NavigableMap<byte[], byte[]> expected, NavigableMap<byte[], byte[]> actual) {
        StringBuilder sb = new StringBuilder("expected " + expected.size() + " entries, found " + actual.size());
        int shown = 0;
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            byte[] v = actual.get(e.getKey());
            if (!Arrays.equals(v, e.getValue()) && shown++ < 5) {
                sb.append("\n    ").append(Bytes.show(e.getKey())).append(": ").append(Bytes.diff(e.getValue(), v));
            }
        }
        for (byte[] k : actual.keySet()) {
            if (!expected.containsKey(k) && shown++ < 10) {
                sb.append("\n    unexpected ").append(Bytes.show(k));
            }
        }
        return sb.toString();
    }
}
