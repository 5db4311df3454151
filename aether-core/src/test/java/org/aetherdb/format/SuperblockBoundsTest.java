package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdb.error.CorruptDataException;
import org.junit.jupiter.api.Test;

/**
 * Every range check of {@link Superblock#decode} at its boundary: the last accepted value decodes,
 * the first refused one throws {@link CorruptDataException} naming the slot. Slots are encoded
 * with a valid checksum, so only the field checks are under test (mutation testing showed the
 * engine-level tests reach these checks only with values far from the boundary).
 */
class SuperblockBoundsTest {
    private static final String FILE = "data.aedb";
    private static final int PAGE = 4096;

    /** A valid superblock in slot 1 (generation 1): root and free list inside [8192, 65536). */
    private static Superblock base() {
        return new Superblock(PAGE, 0, 1, 7, 8192, 123, 1, 12288, PAGE, 456, 65536);
    }

    private static Superblock with(int pageSize, long generation, long sequence, long root, int height,
                                   long freeList, int freeBytes, long fileEnd) {
        return new Superblock(pageSize, 0, generation, sequence, root, 123, height, freeList, freeBytes, 456, fileEnd);
    }

    private static Superblock roundTrip(Superblock s) {
        return Superblock.decode(s.encode(), Superblock.slotOffset(s.generation()), FILE);
    }

    private static void refused(Superblock s, String what) {
        long slot = Superblock.slotOffset(s.generation());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Superblock.decode(s.encode(), slot, FILE), what);
        assertEquals(FILE, e.file());
        assertEquals(slot, e.offset(), what);
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void aValidSlotRoundTrips() {
        Superblock s = base();
        assertEquals(s, roundTrip(s));
        Superblock clean = new Superblock(PAGE, Superblock.FLAG_CLEAN, 2, 0, 8192, 1, 1, 0, 0, 0, 12288);
        assertEquals(clean, roundTrip(clean));
        assertTrue(roundTrip(clean).clean());
        assertFalse(roundTrip(s).clean());
    }

    @Test
    void pageSizeBounds() {
        assertEquals(4096, roundTrip(with(4096, 1, 0, 8192, 1, 0, 0, 12288)).pageSize());
        assertEquals(65536, roundTrip(with(65536, 1, 0, 65536, 1, 0, 0, 131072)).pageSize());
        refused(with(2048, 1, 0, 8192, 1, 0, 0, 12288), "page size below 4 KiB");
        refused(with(131072, 1, 0, 131072, 1, 0, 0, 262144), "page size above 64 KiB");
        refused(with(12288, 1, 0, 12288, 1, 0, 0, 24576), "page size not a power of two");
    }

    @Test
    void generationMustMatchItsSlotAndBePositive() {
        assertEquals(1, roundTrip(with(PAGE, 1, 0, 8192, 1, 0, 0, 12288)).generation());
        assertEquals(2, roundTrip(with(PAGE, 2, 0, 8192, 1, 0, 0, 12288)).generation());
        refused(with(PAGE, 0, 0, 8192, 1, 0, 0, 12288), "generation 0");
        refused(with(PAGE, -2, 0, 8192, 1, 0, 0, 12288), "negative generation in slot 0");
        Superblock g3 = with(PAGE, 3, 0, 8192, 1, 0, 0, 12288);
        assertThrows(CorruptDataException.class, () -> Superblock.decode(g3.encode(), 0, FILE), "odd generation read from slot 0");
    }

    @Test
    void sequenceAndHeightBounds() {
        assertEquals(0, roundTrip(with(PAGE, 1, 0, 8192, 1, 0, 0, 12288)).sequence());
        refused(with(PAGE, 1, -1, 8192, 1, 0, 0, 12288), "negative sequence");
        refused(with(PAGE, 1, 0, 8192, 0, 0, 0, 12288), "height 0");
        int maxHeight = PageFormat.MAX_LEVEL + 1;
        assertEquals(maxHeight, roundTrip(with(PAGE, 1, 0, 8192, maxHeight, 0, 0, 12288)).treeHeight());
        refused(with(PAGE, 1, 0, 8192, maxHeight + 1, 0, 0, 12288), "height above MAX_LEVEL + 1");
    }

    @Test
    void fileEndBounds() {
        long first = Superblock.firstPage(PAGE);
        assertEquals(8192, first);
        assertEquals(65536, Superblock.firstPage(65536), "a 64 KiB page starts after its own size");
        // fileEnd == firstPage is the smallest end; no page fits, so the root cannot be inside
        refused(with(PAGE, 1, 0, first, 1, 0, 0, first), "root at file end");
        refused(with(PAGE, 1, 0, first, 1, 0, 0, first - PAGE), "file end before the first page");
        refused(with(PAGE, 1, 0, first, 1, 0, 0, first + PAGE + 1), "file end not page-aligned");
    }

    @Test
    void rootMustBeAPageInsideTheFile() {
        long first = Superblock.firstPage(PAGE);
        assertEquals(first, roundTrip(with(PAGE, 1, 0, first, 1, 0, 0, first + PAGE)).rootAddress(), "first page");
        assertEquals(first + PAGE, roundTrip(with(PAGE, 1, 0, first + PAGE, 1, 0, 0, first + 2 * PAGE)).rootAddress(), "last page");
        refused(with(PAGE, 1, 0, first - PAGE, 1, 0, 0, first + PAGE), "root in the superblock region");
        refused(with(PAGE, 1, 0, first + PAGE, 1, 0, 0, first + PAGE), "root at file end");
        refused(with(PAGE, 1, 0, first + 1, 1, 0, 0, first + PAGE), "root not page-aligned");
    }

    @Test
    void freeListBounds() {
        long first = Superblock.firstPage(PAGE);
        long end = first + 4 * PAGE;
        // the free list may end exactly at the file end
        Superblock last = with(PAGE, 1, 0, first, 1, end - 2 * PAGE, 2 * PAGE, end);
        assertEquals(2 * PAGE, roundTrip(last).freeListBytes());
        refused(with(PAGE, 1, 0, first, 1, end - 2 * PAGE, 3 * PAGE, end), "free list past file end");
        refused(with(PAGE, 1, 0, first, 1, end, PAGE, end), "free list at file end");
        refused(with(PAGE, 1, 0, first, 1, first - PAGE, PAGE, end), "free list in the superblock region");
        refused(with(PAGE, 1, 0, first, 1, first + 1, PAGE, end), "free list not page-aligned");
        refused(with(PAGE, 1, 0, first, 1, first + PAGE, -PAGE, end), "negative free-list length");
        refused(with(PAGE, 1, 0, first, 1, first + PAGE, PAGE + 1, end), "free-list length not whole pages");
        refused(with(PAGE, 1, 0, first, 1, first + PAGE, 0, end), "free list address without length");
        refused(with(PAGE, 1, 0, first, 1, 0, PAGE, end), "free-list length without address");
        assertEquals(0, roundTrip(with(PAGE, 1, 0, first, 1, 0, 0, end)).freeListAddress(), "no free list");
    }

    @Test
    void damagedMagicOrChecksumIsNamedAtItsOffset() {
        byte[] b = base().encode();
        b[100] ^= 1;
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Superblock.decode(b, Superblock.SLOT_SIZE, FILE));
        assertEquals(2L * Superblock.SLOT_SIZE - 4, e.offset(), "checksum mismatch names the checksum field");
        byte[] c = base().encode();
        c[0] ^= 1;
        CorruptDataException m = assertThrows(CorruptDataException.class, () -> Superblock.decode(c, Superblock.SLOT_SIZE, FILE));
        assertEquals(Superblock.SLOT_SIZE, m.offset());
        assertTrue(m.getMessage().contains("magic"), m.getMessage());
        // the checksum is seeded with the slot's offset: a valid slot 1 read at offset 0 fails
        assertThrows(CorruptDataException.class, () -> Superblock.decode(base().encode(), 0, FILE));
    }

    @Test
    void blankMeansEveryByteZero() {
        byte[] z = new byte[Superblock.SLOT_SIZE];
        assertTrue(Superblock.blank(z));
        z[Superblock.SLOT_SIZE - 1] = 1;
        assertFalse(Superblock.blank(z), "last byte");
        z[Superblock.SLOT_SIZE - 1] = 0;
        z[0] = (byte) 0x80;
        assertFalse(Superblock.blank(z), "first byte");
    }

    @Test
    void slotOffsets() {
        assertEquals(0, Superblock.slotOffset(2));
        assertEquals(Superblock.SLOT_SIZE, Superblock.slotOffset(1));
        assertEquals(2 * Superblock.SLOT_SIZE, Superblock.REGION);
    }
}
