package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-at-a-time path of {@link Bytes} (taken only under {@code -Daether.bytes.plain=true},
 * by the Lincheck model-checking run) reads and writes exactly what the VarHandle path does, and
 * fails the same way out of bounds, so the engine that model checking runs is the engine.
 */
class BytesPlainTest {
    @Test
    void theByteAtATimePathAgreesWithTheVarHandlePath() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] viaHandle = new byte[16];
            rnd.nextBytes(viaHandle);
            byte[] viaBytes = viaHandle.clone();
            int width = new int[] {2, 4, 8}[rnd.nextInt(3)];
            int off = rnd.nextInt(16 - width + 1);
            long v = rnd.nextLong();
            switch (width) {
                case 2 -> Bytes.putShort(viaHandle, off, (int) v);
                case 4 -> Bytes.putInt(viaHandle, off, (int) v);
                default -> Bytes.putLong(viaHandle, off, v);
            }
            Bytes.plainPut(viaBytes, off, width, v);
            assertArrayEquals(viaHandle, viaBytes, "put of width " + width + " at " + off);
            int intAt = rnd.nextInt(16 - 4 + 1);
            int longAt = rnd.nextInt(16 - 8 + 1);
            assertEquals(Bytes.getInt(viaHandle, intAt), (int) Bytes.plainGet(viaHandle, intAt, 4), "int at " + intAt);
            assertEquals(Bytes.getLong(viaHandle, longAt), Bytes.plainGet(viaHandle, longAt, 8), "long at " + longAt);
        }
    }

    @Test
    void outOfBoundsFailsBeforeTouchingTheArray() {
        byte[] b = new byte[8];
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.plainGet(b, 5, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.plainGet(b, -1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.plainPut(b, 1, 8, -1L));
        assertArrayEquals(new byte[8], b, "a failed put wrote nothing");
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.getInt(b, 5));
    }
}
