package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdb.error.CorruptDataException;
import org.junit.jupiter.api.Test;

/**
 * Bounded exhaustive checks of the varint codec (the part KeY does not prove: {@link Bytes#putVarint}
 * and {@link PageReader#varint}; {@link Kernels#varintSize} is proven). Every value below 2^22 and
 * 4,096 values around each length boundary and the top of the int range round-trip with the size
 * the layout predicts; every byte sequence of length 1..2, and of length 3 whose first two bytes
 * are edge values, decodes to the LEB128 value it denotes or is rejected with
 * {@link CorruptDataException}, never read past its end.
 */
class VarintExhaustiveTest {
    @Test
    void everyValueRoundTripsWithItsPredictedSize() {
        byte[] buf = new byte[8];
        long checked = 0;
        for (int v = 0; v < (1 << 22); v++) {
            roundTrip(buf, v);
            checked++;
        }
        for (int boundary : new int[] {1 << 28, Integer.MAX_VALUE - 2048}) {
            for (int v = boundary - 2048; v >= 0 && v <= boundary + 2047 && v <= Integer.MAX_VALUE - 1; v++) {
                roundTrip(buf, v);
                checked++;
            }
        }
        roundTrip(buf, Integer.MAX_VALUE);
        assertTrue(checked > 4_000_000);
    }

    private static void roundTrip(byte[] buf, int v) {
        int end = Bytes.putVarint(buf, 1, v);
        assertEquals(Kernels.varintSize(v), end - 1, "size of " + v);
        PageReader r = new PageReader(buf, 1, end, "test", 0);
        assertEquals(v, r.varint(Integer.MAX_VALUE, "v"));
        assertEquals(0, r.remaining());
    }

    @Test
    void everyShortSequenceDecodesToItsValueOrIsRejected() {
        int accepted = 0;
        int[] edges = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff};
        for (int len = 1; len <= 3; len++) {
            for (int bits = 0; bits < (1 << (8 * len)); bits++) {
                byte[] b = new byte[len];
                for (int i = 0; i < len; i++) {
                    b[i] = (byte) (bits >>> (8 * i));
                }
                if (len == 3 && (!isEdge(edges, b[0]) || !isEdge(edges, b[1]))) {
                    continue;
                }
                long expect = 0; // the LEB128 value of the first terminated group, or -1 when none ends within len
                int used = -1;
                for (int i = 0; i < len; i++) {
                    expect |= (long) (b[i] & 0x7f) << (7 * i);
                    if ((b[i] & 0x80) == 0) {
                        used = i + 1;
                        break;
                    }
                }
                int max = 1 << 14;
                PageReader r = new PageReader(b, 0, len, "test", 0);
                if (used < 0 || expect > max) {
                    assertThrows(CorruptDataException.class, () -> r.varint(max, "v"));
                } else {
                    assertEquals(expect, r.varint(max, "v"));
                    assertEquals(used, r.position());
                    accepted++;
                }
            }
        }
        assertTrue(accepted > 10_000);
    }

    private static boolean isEdge(int[] edges, byte b) {
        for (int e : edges) {
            if ((b & 0xff) == e) {
                return true;
            }
        }
        return false;
    }
}
