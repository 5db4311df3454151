package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdb.error.CorruptDataException;
import org.junit.jupiter.api.Test;

/**
 * {@link PageReader} at the edges of its range: a read of exactly the bytes left succeeds, one
 * byte more throws, and the exception names the absolute file offset of the read.
 */
class PageReaderBoundsTest {
    private static final long BASE = 1_000_000;

    private static PageReader reader(byte[] b, int start, int end) {
        return new PageReader(b, start, end, "f", BASE);
    }

    @Test
    void fixedWidthReadsUpToTheEndAndNotBeyond() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i + 1);
        }
        PageReader r = reader(b, 2, 17); // 15 bytes: 1 + 2 + 4 + 8
        assertEquals(15, r.remaining());
        assertEquals(3, r.u8("a"));
        assertEquals(0x0504, r.u16("b"));
        assertEquals(Bytes.getInt(b, 5), r.i32("c"));
        assertEquals(Bytes.getLong(b, 9), r.i64("d"));
        assertEquals(0, r.remaining());
        assertEquals(17, r.position());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> r.u8("past"));
        assertEquals(BASE + 17, e.offset());
        assertTrue(e.getMessage().contains("needs 1 bytes, 0 left"), e.getMessage());
        assertThrows(CorruptDataException.class, () -> reader(b, 0, 1).u16("u16"));
        assertThrows(CorruptDataException.class, () -> reader(b, 0, 3).i32("i32"));
        assertThrows(CorruptDataException.class, () -> reader(b, 0, 7).i64("i64"));
        assertEquals(0xFF, reader(new byte[] {(byte) 0xFF}, 0, 1).u8("unsigned"));
        assertEquals(0xFFFF, reader(new byte[] {(byte) 0xFF, (byte) 0xFF}, 0, 2).u16("unsigned"));
    }

    @Test
    void bytesChecksTheLengthBeforeAllocating() {
        byte[] b = {1, 2, 3, 4, 5};
        PageReader r = reader(b, 1, 5);
        assertArrayEquals(new byte[0], r.bytes(0, "none"));
        assertArrayEquals(new byte[] {2, 3, 4, 5}, r.bytes(4, "all that is left"));
        assertThrows(CorruptDataException.class, () -> reader(b, 1, 5).bytes(5, "one more"));
        CorruptDataException neg = assertThrows(CorruptDataException.class, () -> reader(b, 1, 5).bytes(-1, "negative"));
        assertEquals(BASE + 1, neg.offset());
        assertThrows(CorruptDataException.class, () -> reader(b, 0, 5).bytes(Integer.MAX_VALUE, "huge"));
    }

    @Test
    void varintLimitsAndLength() {
        byte[] b = new byte[5];
        int n = Bytes.putVarint(b, 0, 300);
        assertEquals(300, reader(b, 0, n).varint(300, "at the limit"));
        CorruptDataException over = assertThrows(CorruptDataException.class, () -> reader(b, 0, n).varint(299, "over"));
        assertTrue(over.getMessage().contains("300 exceeds limit 299"), over.getMessage());
        assertEquals(0, reader(new byte[] {0}, 0, 1).varint(0, "zero"));
        byte[] max = new byte[5];
        int m = Bytes.putVarint(max, 0, Integer.MAX_VALUE);
        assertEquals(5, m);
        assertEquals(Integer.MAX_VALUE, reader(max, 0, 5).varint(Integer.MAX_VALUE, "five bytes"));
        // five bytes whose value does not fit an int (bit 31 set): refused, not returned negative
        byte[] negative = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThrows(CorruptDataException.class, () -> reader(negative, 0, 5).varint(Integer.MAX_VALUE, "2^32 - 1"));
        byte[] six = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
        CorruptDataException longer = assertThrows(CorruptDataException.class, () -> reader(six, 0, 6).varint(Integer.MAX_VALUE, "six"));
        assertTrue(longer.getMessage().contains("longer than 5 bytes"), longer.getMessage());
        byte[] cut = {(byte) 0x80};
        assertThrows(CorruptDataException.class, () -> reader(cut, 0, 1).varint(10, "cut short"));
        PageReader r = reader(b, 0, n);
        r.varint(300, "advance");
        assertEquals(n, r.position());
    }

    @Test
    void corruptNamesTheCurrentAbsoluteOffset() {
        PageReader r = reader(new byte[8], 3, 8);
        r.u8("x");
        CorruptDataException e = r.corrupt("bad field");
        assertEquals(BASE + 4, e.offset());
        assertEquals("f", e.file());
        assertTrue(e.getMessage().contains("bad field"));
    }
}
