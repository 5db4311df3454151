package org.aetherdb;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.NavigableMap;
import java.util.Random;
import java.util.function.Function;

/**
 * Drives a {@link Cursor} and a model position through the same random moves (seeks of present
 * and absent keys, runs of next/prev with direction changes) and compares after every move.
 */
final class CursorWalk {
    private final NavigableMap<byte[], byte[]> model;
    private final Cursor cursor;
    private final String context;
    private byte[] at; // model position; null = invalid
    private final StringBuilder trail = new StringBuilder();

    CursorWalk(String context, NavigableMap<byte[], byte[]> model, Cursor cursor) {
        this.context = context;
        this.model = model;
        this.cursor = cursor;
    }

    /** Runs {@code steps} random moves; keys for seeks come from {@code probes}. */
    static void run(String context, NavigableMap<byte[], byte[]> model, Cursor cursor, Random r, int steps,
                    Function<Random, byte[]> probes) {
        CursorWalk w = new CursorWalk(context, model, cursor);
        w.check();
        int done = 0;
        while (done < steps) {
            if (w.at == null || r.nextInt(10) == 0) {
                w.randomSeek(r, probes);
                done++;
            } else {
                boolean forward = r.nextBoolean();
                int run = 1 + r.nextInt(r.nextInt(4) == 0 ? 200 : 8);
                for (int i = 0; i < run && w.at != null && done < steps; i++, done++) {
                    if (forward) {
                        w.next();
                    } else {
                        w.prev();
                    }
                }
            }
        }
    }

    void randomSeek(Random r, Function<Random, byte[]> probes) {
        switch (r.nextInt(6)) {
            case 0 -> seekToFirst();
            case 1 -> seekToLast();
            case 2, 3 -> seek(probes.apply(r));
            default -> seekForPrev(probes.apply(r));
        }
    }

    void seekToFirst() {
        note("seekToFirst");
        cursor.seekToFirst();
        at = model.isEmpty() ? null : model.firstKey();
        check();
    }

    void seekToLast() {
        note("seekToLast");
        cursor.seekToLast();
        at = model.isEmpty() ? null : model.lastKey();
        check();
    }

    void seek(byte[] key) {
        note("seek " + Bytes.show(key));
        cursor.seek(key);
        at = model.ceilingKey(key);
        check();
    }

    void seekForPrev(byte[] key) {
        note("seekForPrev " + Bytes.show(key));
        cursor.seekForPrev(key);
        at = model.floorKey(key);
        check();
    }

    void next() {
        note("next");
        cursor.next();
        at = model.higherKey(at);
        check();
    }

    void prev() {
        note("prev");
        cursor.prev();
        at = model.lowerKey(at);
        check();
    }

    private void note(String move) {
        if (trail.length() > 4000) {
            trail.delete(0, trail.length() - 2000);
        }
        trail.append(move).append("; ");
    }

    void check() {
        boolean valid = cursor.isValid();
        if (at == null) {
            if (valid) {
                fail(context + ": cursor should be invalid but is at " + Bytes.show(cursor.key()) + "\n  moves: " + trail);
            }
            return;
        }
        if (!valid) {
            fail(context + ": cursor is invalid but should be at " + Bytes.show(at) + "\n  moves: " + trail);
        }
        byte[] key = cursor.key();
        if (!Arrays.equals(at, key)) {
            fail(context + ": cursor key " + Bytes.diff(at, key) + "\n  moves: " + trail);
        }
        byte[] value = cursor.value();
        if (!Arrays.equals(model.get(at), value)) {
            fail(context + ": cursor value at " + Bytes.show(at) + ": " + Bytes.diff(model.get(at), value) + "\n  moves: " + trail);
        }
    }
}
