package org.aetherdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * {@link SegmentValues}: a reference resolves to exactly the bytes it names, checked; anything
 * else (a flipped bit, a reference past the end, a missing segment, a reference one record off)
 * is a {@link CorruptDataException} naming the segment file and the value's offset, never bytes.
 */
class SegmentValuesTest {
    private static final Path DIR = Path.of("/mem/db");
    private static final long SEGMENT = 17;
    private static final int SIZE = 64 * 1024;

    private final MemFileIO io = new MemFileIO();
    private final byte[] file = new byte[SIZE];

    SegmentValuesTest() throws Exception {
        io.createDirectories(DIR);
        new SplittableRandom(1).nextBytes(file);
        io.setContents(DIR.resolve(LogFormat.segmentName(SEGMENT)), file);
    }

    private Logged ref(int offset, int length) {
        return new Logged(SEGMENT, offset, length, Checksums.crc(0, file, offset, length));
    }

    private CorruptDataException refused(SegmentValues values, Logged ref, String message) {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> values.read(ref));
        assertEquals(LogFormat.segmentName(ref.segment()), e.file());
        assertEquals(ref.offset(), e.offset());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        return e;
    }

    @Test
    void aReferenceReadsItsBytes() {
        try (SegmentValues values = new SegmentValues(io, DIR)) {
            for (int[] r : new int[][] {{Logged.MIN_OFFSET, 1}, {1000, 4096}, {SIZE - 300, 300}}) {
                byte[] expected = java.util.Arrays.copyOfRange(file, r[0], r[0] + r[1]);
                assertArrayEquals(expected, values.read(ref(r[0], r[1])));
                assertArrayEquals(expected, values.read(ref(r[0], r[1])), "again, from the cached mapping");
            }
        }
    }

    @Test
    void damagedOrMisdirectedReferencesAreCorruption() throws Exception {
        Logged good = ref(1000, 4096);
        try (SegmentValues values = new SegmentValues(io, DIR)) {
            refused(values, new Logged(SEGMENT, 1008, 4096, good.checksum()), "checksum mismatch"); // one word off
            refused(values, new Logged(SEGMENT, 1000, 4095, good.checksum()), "checksum mismatch"); // one byte short
            refused(values, new Logged(SEGMENT, SIZE - 100, 101, 0), "beyond the end");
            refused(values, new Logged(SEGMENT + 1, 1000, 4096, good.checksum()), "missing");
        }
        for (int bit : new int[] {0, 7, 4096 * 8 - 1}) {
            byte[] flipped = file.clone();
            flipped[1000 + bit / 8] ^= (byte) (1 << (bit % 8));
            io.setContents(DIR.resolve(LogFormat.segmentName(SEGMENT)), flipped);
            try (SegmentValues values = new SegmentValues(io, DIR)) {
                refused(values, good, "checksum mismatch");
            }
        }
    }

    @Test
    void forgetDropsTheMappingSoARecycledFileIsReadAfresh() throws Exception {
        Logged good = ref(1000, 4096);
        try (SegmentValues values = new SegmentValues(io, DIR)) {
            values.read(good);
            byte[] other = new byte[SIZE];
            io.setContents(DIR.resolve(LogFormat.segmentName(SEGMENT)), other);
            values.forget(SEGMENT);
            refused(values, good, "checksum mismatch");
        }
    }
}
