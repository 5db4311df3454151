package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aetherdb.error.CorruptDataException;
import org.junit.jupiter.api.Test;

/**
 * Every check of {@link FreeListFormat#decode} at its boundary, on extents encoded with a valid
 * checksum: the last accepted layout decodes to exactly its extents, the first refused one
 * throws {@link CorruptDataException} at the offset of the damaged field.
 */
class FreeListBoundsTest {
    private static final String FILE = "data.aedb";
    private static final int PAGE = 4096;
    private static final long ADDRESS = 3 * PAGE;
    private static final long FIRST = Superblock.firstPage(PAGE);

    private static byte[] encoded(int totalBytes, long... startLen) {
        List<Extent> extents = new java.util.ArrayList<>();
        for (int i = 0; i < startLen.length; i += 2) {
            extents.add(new Extent(startLen[i], startLen[i + 1]));
        }
        return FreeListFormat.encode(extents, totalBytes);
    }

    private static List<Extent> decode(byte[] b, long fileEnd) {
        return FreeListFormat.decode(b, ADDRESS, Checksums.crc(ADDRESS, b, 0, b.length), PAGE, fileEnd, FILE);
    }

    private static CorruptDataException refused(byte[] b, long fileEnd) {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(b, fileEnd));
        assertEquals(FILE, e.file());
        return e;
    }

    @Test
    void extentsRoundTripIncludingAdjacentOnesAndOneEndingAtTheFileEnd() {
        long end = FIRST + 8 * PAGE;
        byte[] b = encoded(PAGE, FIRST, PAGE, FIRST + PAGE, 2 * PAGE, end - PAGE, PAGE);
        List<Extent> out = decode(b, end);
        assertEquals(3, out.size());
        assertEquals(new Extent(FIRST, PAGE), out.get(0), "the first page may be free");
        assertEquals(new Extent(FIRST + PAGE, 2 * PAGE), out.get(1), "an extent may start where the last ended");
        assertEquals(new Extent(end - PAGE, PAGE), out.get(2), "an extent may end at the file end");
        assertEquals(0, decode(encoded(PAGE), end).size(), "empty list");
    }

    @Test
    void aFullListDecodesAndOneMoreCountIsRefused() {
        int fits = (PAGE - 16) / 16;
        long[] pairs = new long[2 * fits];
        for (int i = 0; i < fits; i++) {
            pairs[2 * i] = FIRST + 2L * i * PAGE;
            pairs[2 * i + 1] = PAGE;
        }
        long end = FIRST + 2L * fits * PAGE;
        byte[] full = encoded(PAGE, pairs);
        assertEquals(fits, decode(full, end).size());
        byte[] tooMany = full.clone();
        Bytes.putLong(tooMany, 8, fits + 1);
        CorruptDataException e = refused(tooMany, end);
        assertEquals(ADDRESS, e.offset());
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        byte[] negative = full.clone();
        Bytes.putLong(negative, 8, -1);
        refused(negative, end);
        assertThrows(IllegalArgumentException.class, () -> encoded(16 * fits, pairs), "encode refuses a list that does not fit");
    }

    @Test
    void extentFieldsAtTheirBounds() {
        long end = FIRST + 4 * PAGE;
        assertExtentRefused(encoded(PAGE, FIRST - PAGE, PAGE), end, 0, "inside the superblock region");
        assertExtentRefused(encoded(PAGE, FIRST, 0), end, 0, "zero length");
        assertExtentRefused(encoded(PAGE, FIRST, -PAGE), end, 0, "negative length");
        assertExtentRefused(encoded(PAGE, FIRST + 1, PAGE), end, 0, "unaligned start");
        assertExtentRefused(encoded(PAGE, FIRST, PAGE + 1), end, 0, "unaligned length");
        assertExtentRefused(encoded(PAGE, end - PAGE, 2 * PAGE), end, 0, "past the file end");
        assertExtentRefused(encoded(PAGE, FIRST, Long.MAX_VALUE - PAGE + 1), end, 0, "length that overflows start + length");
        assertExtentRefused(encoded(PAGE, FIRST, 2 * PAGE, FIRST + PAGE, PAGE), end, 1, "overlapping the previous extent");
        assertExtentRefused(encoded(PAGE, FIRST + PAGE, PAGE, FIRST, PAGE), end, 1, "out of order");
    }

    private static void assertExtentRefused(byte[] b, long fileEnd, int index, String what) {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(b, fileEnd), what);
        assertEquals(ADDRESS + 16 + 16L * index, e.offset(), what);
    }

    @Test
    void headerAndPaddingDamage() {
        long end = FIRST + 4 * PAGE;
        byte[] badMagic = encoded(PAGE, FIRST, PAGE);
        badMagic[0] ^= 1;
        assertEquals(ADDRESS, refused(badMagic, end).offset());
        byte[] reserved = encoded(PAGE, FIRST, PAGE);
        reserved[7] = 1;
        assertEquals(ADDRESS, refused(reserved, end).offset());
        byte[] padding = encoded(PAGE, FIRST, PAGE);
        padding[32] = 1; // the first padding byte after one extent
        assertEquals(ADDRESS + 32, refused(padding, end).offset());
        byte[] lastPadding = encoded(PAGE, FIRST, PAGE);
        lastPadding[PAGE - 1] = 1;
        assertEquals(ADDRESS + PAGE - 1, refused(lastPadding, end).offset());
    }

    @Test
    void checksumIsOverTheWholeExtentAndSeededWithItsAddress() {
        long end = FIRST + 4 * PAGE;
        byte[] b = encoded(PAGE, FIRST, PAGE);
        int crc = Checksums.crc(ADDRESS, b, 0, b.length);
        assertThrows(CorruptDataException.class, () -> FreeListFormat.decode(b, ADDRESS, crc + 1, PAGE, end, FILE));
        assertThrows(CorruptDataException.class, () -> FreeListFormat.decode(b, ADDRESS + PAGE, crc, PAGE, end, FILE));
        byte[] shortList = new byte[15];
        assertThrows(CorruptDataException.class,
                () -> FreeListFormat.decode(shortList, ADDRESS, Checksums.crc(ADDRESS, shortList, 0, 15), PAGE, end, FILE));
        byte[] headerOnly = encoded(16);
        assertEquals(0, decode(headerOnly, end).size(), "a 16-byte list with no extents is valid");
        assertEquals(16 + 16 * 3, FreeListFormat.encodedBytes(3));
    }
}
