package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.aetherdb.Cursor;
import org.junit.jupiter.api.Test;

/** The range walk against a TreeMap-backed cursor, so it is checked independently of the engine. */
class KeyRangeTest {
    private static final List<String> KEYS = List.of("a", "b", "ba", "bb", "bz", "c", "d");

    private static byte[] b(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> walk(String from, String to, String prefix, boolean reverse, long limit) {
        NavigableMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
        KEYS.forEach(k -> map.put(b(k), b("v" + k)));
        List<String> seen = new ArrayList<>();
        KeyRange range = KeyRange.of(b(from), b(to), b(prefix));
        long n = range.walk(new MapCursor(map), reverse, limit, true, (k, v) -> {
            assertEquals("v" + new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8));
            return seen.add(new String(k, StandardCharsets.UTF_8));
        });
        assertEquals(seen.size(), n);
        return seen;
    }

    @Test
    void forwardHonoursFromInclusiveAndToExclusive() {
        assertEquals(KEYS, walk(null, null, null, false, Long.MAX_VALUE));
        assertEquals(List.of("b", "ba", "bb", "bz"), walk("b", "c", null, false, Long.MAX_VALUE));
        assertEquals(List.of("b", "ba"), walk("aa", "bz", null, false, 2));
        assertEquals(List.of("bb", "bz"), walk("bab", "c", null, false, Long.MAX_VALUE), "from between keys");
    }

    @Test
    void reverseStartsBelowTheUpperEnd() {
        assertEquals(List.of("bz", "bb", "ba", "b"), walk("b", "c", null, true, Long.MAX_VALUE));
        assertEquals(List.of("bb", "ba"), walk("ba", "bc", null, true, Long.MAX_VALUE), "upper end between keys");
        assertEquals(List.of("d", "c"), walk(null, null, null, true, 2));
        assertEquals(List.of(), walk("x", null, null, true, Long.MAX_VALUE));
    }

    @Test
    void prefixIntersectsWithFromAndTo() {
        assertEquals(List.of("b", "ba", "bb", "bz"), walk(null, null, "b", false, Long.MAX_VALUE));
        assertEquals(List.of("bz", "bb", "ba", "b"), walk(null, null, "b", true, Long.MAX_VALUE));
        assertEquals(List.of("bb"), walk("bb", "bz", "b", false, Long.MAX_VALUE));
        assertEquals(List.of(), walk(null, null, "e", false, Long.MAX_VALUE));
        assertEquals(List.of(), walk("c", null, "b", false, Long.MAX_VALUE));
    }

    /** A cursor over a sorted map, with the positioning rules of {@link Cursor}. */
    private static final class MapCursor implements Cursor {
        private final List<Map.Entry<byte[], byte[]>> entries;
        private int pos = -1;

        MapCursor(NavigableMap<byte[], byte[]> map) {
            entries = new ArrayList<>(map.entrySet());
        }

        public void seekToFirst() { pos = entries.isEmpty() ? -1 : 0; }
        public void seekToLast() { pos = entries.size() - 1; }
        public void seek(byte[] key) {
            pos = 0;
            while (pos < entries.size() && Arrays.compareUnsigned(entries.get(pos).getKey(), key) < 0) {
                pos++;
            }
        }
        public void seekForPrev(byte[] key) {
            pos = entries.size() - 1;
            while (pos >= 0 && Arrays.compareUnsigned(entries.get(pos).getKey(), key) > 0) {
                pos--;
            }
        }
        public boolean isValid() { return pos >= 0 && pos < entries.size(); }
        public void next() { pos++; }
        public void prev() { pos--; }
        public byte[] key() { return entries.get(pos).getKey().clone(); }
        public byte[] value() { return entries.get(pos).getValue().clone(); }
        public void close() { }
    }
}
