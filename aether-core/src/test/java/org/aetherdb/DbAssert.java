package org.aetherdb;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Function;
import java.util.function.Supplier;

/** Comparisons of a database view against a reference {@link java.util.TreeMap}. */
final class DbAssert {
    private DbAssert() {}

    static void assertValue(String context, byte[] expected, byte[] actual) {
        if (expected == null ? actual != null : !Arrays.equals(expected, actual)) {
            fail(context + ": " + Bytes.diff(expected, actual));
        }
    }

    /** Scans the whole view forward and then backward and requires exactly the model's entries, in order. */
    static void assertContents(String context, NavigableMap<byte[], byte[]> model, Supplier<Cursor> cursors) {
        try (Cursor c = cursors.get()) {
            c.seekToFirst();
            int i = 0;
            for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
                if (!c.isValid()) {
                    fail(context + ": forward scan ended after " + i + " of " + model.size() + " entries; missing " + Bytes.show(e.getKey()));
                }
                assertEntry(context + ": forward scan entry " + i, e, c);
                c.next();
                i++;
            }
            if (c.isValid()) {
                fail(context + ": forward scan has an extra entry " + Bytes.show(c.key()) + " after " + i + " entries");
            }
            c.seekToLast();
            i = 0;
            for (Map.Entry<byte[], byte[]> e : model.descendingMap().entrySet()) {
                if (!c.isValid()) {
                    fail(context + ": backward scan ended after " + i + " of " + model.size() + " entries; missing " + Bytes.show(e.getKey()));
                }
                assertEntry(context + ": backward scan entry " + i, e, c);
                c.prev();
                i++;
            }
            if (c.isValid()) {
                fail(context + ": backward scan has an extra entry " + Bytes.show(c.key()));
            }
        }
    }

    static void assertEntry(String context, Map.Entry<byte[], byte[]> expected, Cursor c) {
        byte[] key = c.key();
        if (!Arrays.equals(expected.getKey(), key)) {
            fail(context + ": key " + Bytes.diff(expected.getKey(), key));
        }
        assertValue(context + " value of " + Bytes.show(key), expected.getValue(), c.value());
    }

    /** Full scans plus a point read of every model key. */
    static void assertDb(String context, NavigableMap<byte[], byte[]> model, AetherDB db) {
        assertContents(context, model, db::newCursor);
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertValue(context + ": get " + Bytes.show(e.getKey()), e.getValue(), db.get(e.getKey()));
        }
    }

    static void assertSnapshot(String context, NavigableMap<byte[], byte[]> model, Snapshot s) {
        assertContents(context, model, s::newCursor);
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertValue(context + ": snapshot get " + Bytes.show(e.getKey()), e.getValue(), s.get(e.getKey()));
        }
    }

    /** Point reads of probe keys (present or absent) against the model. */
    static void assertGets(String context, NavigableMap<byte[], byte[]> model, Function<byte[], byte[]> get,
                           Iterable<byte[]> probes) {
        for (byte[] k : probes) {
            assertValue(context + ": get " + Bytes.show(k), model.get(k), get.apply(k));
        }
    }

    /** Requires an unpositioned cursor to say so and to refuse key() and value(). */
    static void assertInvalid(String context, Cursor c) {
        if (c.isValid()) {
            fail(context + ": expected an invalid cursor, but it is at " + Bytes.show(c.key()));
        }
        assertThrows(IllegalStateException.class, c::key, context + ": key() on an invalid cursor");
        assertThrows(IllegalStateException.class, c::value, context + ": value() on an invalid cursor");
    }
}
