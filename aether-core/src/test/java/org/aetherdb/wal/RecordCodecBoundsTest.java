package org.aetherdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.Options;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.Tombstone;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordCodec} and {@link LogFormat} at their limits: the largest key and inline value a
 * page size allows round-trip and one byte more is refused, out-of-line references are checked
 * field by field, and the header's op count, reserved word and trailing bytes are validated.
 * Records are re-checksummed after each forgery, so the decoder's own checks are under test.
 */
class RecordCodecBoundsTest {
    private static final int PAGE = 4096;
    private static final long SALT = 0x1234_5678_9abc_def0L;
    private static final long OFFSET = 4096;

    private static byte[] encode(List<Op> ops) {
        byte[] buf = new byte[RecordCodec.size(ops) + 16];
        Arrays.fill(buf, (byte) 0x5a); // the padding must be written as zeros, not left
        int end = RecordCodec.encode(buf, 0, SALT, 42, 41, ops);
        assertEquals(RecordCodec.size(ops), end, "size() and encode() agree");
        assertEquals(0, end % 8);
        return Arrays.copyOf(buf, end);
    }

    private static int recordLength(byte[] rec) {
        return LogFormat.RECORD_HEADER + RecordCodec.length(rec);
    }

    private static LogRecord decode(byte[] rec) {
        int len = recordLength(rec);
        assertTrue(RecordCodec.checksumOk(rec, len, SALT), "checksum");
        return RecordCodec.decode(rec, len, "wal", new RecordPosition(1, (int) OFFSET), PAGE);
    }

    /** Re-seals a forged record: fixes its checksum so that only the decoder's checks can refuse it. */
    private static byte[] reseal(byte[] rec) {
        Bytes.putInt(rec, 0, Checksums.crc(SALT, rec, 4, recordLength(rec) - 4));
        return rec;
    }

    private static CorruptDataException refused(byte[] rec) {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(rec));
        assertEquals("wal", e.file());
        assertTrue(e.offset() >= OFFSET && e.offset() <= OFFSET + rec.length, "offset " + e.offset());
        return e;
    }

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void everyOpKindRoundTrips() {
        byte[] big = bytes(PageFormat.maxInlineValue(PAGE), 7);
        List<Op> ops = List.of(Op.put(new byte[] {1}, new byte[0]), Op.put(new byte[] {2}, big),
                new Op(new byte[] {3}, new OutOfLine(8192, PageFormat.maxInlineValue(PAGE) + 1, -5)), Op.delete(new byte[] {4}));
        byte[] rec = encode(ops);
        LogRecord r = decode(rec);
        assertEquals(42, r.seq());
        assertEquals(41, r.syncedUpTo());
        assertEquals(4, r.ops().size());
        assertArrayEquals(new byte[0], ((Inline) r.ops().get(0).value()).bytes());
        assertArrayEquals(big, ((Inline) r.ops().get(1).value()).bytes());
        assertEquals(new OutOfLine(8192, PageFormat.maxInlineValue(PAGE) + 1, -5), r.ops().get(2).value());
        assertEquals(Tombstone.INSTANCE, r.ops().get(3).value());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(new byte[] {(byte) (i + 1)}, r.ops().get(i).key());
        }
        for (int i = recordLength(rec); i < rec.length; i++) {
            assertEquals(0, rec[i], "padding byte " + i);
        }
    }

    @Test
    void checksumIsSeededWithTheSaltAndCoversThePayload() {
        byte[] rec = encode(List.of(Op.put(new byte[] {1}, new byte[] {9})));
        int len = recordLength(rec);
        assertTrue(RecordCodec.checksumOk(rec, len, SALT));
        assertFalse(RecordCodec.checksumOk(rec, len, SALT + 1), "another segment's salt");
        rec[len - 1] ^= 1;
        assertFalse(RecordCodec.checksumOk(rec, len, SALT), "last payload byte");
    }

    @Test
    void keyLengthLimitIsTheLargestKeyOfThePage() {
        int maxKey = PageFormat.maxKey(PAGE);
        assertEquals(maxKey, decode(encode(List.of(Op.delete(bytes(maxKey, 1))))).ops().getFirst().key().length);
        CorruptDataException e = refused(encode(List.of(Op.delete(bytes(maxKey + 1, 1)))));
        assertTrue(e.getMessage().contains("op key length"), e.getMessage());
        byte[] empty = encode(List.of(Op.delete(new byte[] {1})));
        empty[LogFormat.RECORD_HEADER + 1] = 0; // key length 0; the key byte becomes trailing
        refused(reseal(empty));
    }

    @Test
    void inlineValueLimit() {
        int max = PageFormat.maxInlineValue(PAGE);
        assertEquals(max, ((Inline) decode(encode(List.of(Op.put(new byte[] {1}, bytes(max, 2))))).ops().getFirst().value()).bytes().length);
        CorruptDataException e = refused(encode(List.of(Op.put(new byte[] {1}, bytes(max + 1, 2)))));
        assertTrue(e.getMessage().contains("op value length"), e.getMessage());
    }

    @Test
    void outOfLineReferenceFields() {
        int inline = PageFormat.maxInlineValue(PAGE);
        decode(encode(List.of(new Op(new byte[] {1}, new OutOfLine(PAGE, inline + 1, 0)))));
        decode(encode(List.of(new Op(new byte[] {1}, new OutOfLine(PAGE, Options.MAX_VALUE_SIZE, 0)))));
        refused(encode(List.of(new Op(new byte[] {1}, new OutOfLine(PAGE, inline, 0)))));
        refused(encode(List.of(new Op(new byte[] {1}, new OutOfLine(PAGE, Options.MAX_VALUE_SIZE + 1, 0)))));
        refused(encode(List.of(new Op(new byte[] {1}, new OutOfLine(0, inline + 1, 0)))));
        refused(encode(List.of(new Op(new byte[] {1}, new OutOfLine(-PAGE, inline + 1, 0)))));
        refused(encode(List.of(new Op(new byte[] {1}, new OutOfLine(PAGE + 512, inline + 1, 0)))));
    }

    @Test
    void headerFields() {
        List<Op> three = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            three.add(Op.delete(new byte[] {(byte) i})); // 3 bytes each: type, length, key
        }
        byte[] rec = encode(three);
        assertEquals(3, decode(rec).ops().size());

        byte[] zero = rec.clone();
        Bytes.putInt(zero, 24, 0);
        assertEquals(OFFSET, refused(reseal(zero)).offset(), "no ops");
        byte[] fewer = rec.clone();
        Bytes.putInt(fewer, 24, 2);
        assertTrue(refused(reseal(fewer)).getMessage().contains("trailing"), "an op left over");
        byte[] more = rec.clone();
        Bytes.putInt(more, 24, 4); // = remaining / 2: passes the header check, then runs out of bytes
        assertEquals(OFFSET + recordLength(rec), refused(reseal(more)).offset());
        byte[] huge = rec.clone();
        Bytes.putInt(huge, 24, 5); // above remaining / 2 = 9 / 2: refused before any allocation
        assertEquals(OFFSET, refused(reseal(huge)).offset());
        byte[] negative = rec.clone();
        Bytes.putInt(negative, 24, -1);
        assertEquals(OFFSET, refused(reseal(negative)).offset());
        byte[] reserved = rec.clone();
        Bytes.putInt(reserved, 28, 1);
        assertEquals(OFFSET, refused(reseal(reserved)).offset());
        byte[] badType = rec.clone();
        badType[LogFormat.RECORD_HEADER] = 9;
        assertTrue(refused(reseal(badType)).getMessage().contains("op type 9"));
        byte[] typeZero = rec.clone();
        typeZero[LogFormat.RECORD_HEADER] = 0;
        refused(reseal(typeZero));
        byte[] typeFour = rec.clone();
        typeFour[LogFormat.RECORD_HEADER] = 4;
        refused(reseal(typeFour));
    }

    @Test
    void sizeRefusesARecordOverTwoGigabytes() {
        Op op = new Op(new byte[1], new OutOfLine(PAGE, Options.MAX_VALUE_SIZE, 0)); // 1 + 1 + 1 + 16 = 19 bytes
        int fits = (Integer.MAX_VALUE - 8 - LogFormat.RECORD_HEADER) / 19;
        assertEquals(LogFormat.align8(LogFormat.RECORD_HEADER + 19 * fits), RecordCodec.size(repeated(op, fits)));
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.size(repeated(op, fits + 1)));
    }

    /** {@code n} times {@code op}, without allocating n entries. */
    private static List<Op> repeated(Op op, int n) {
        return new java.util.AbstractList<>() {
            @Override
            public Op get(int i) {
                return op;
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    @Test
    void segmentNamesAndHeaders() {
        assertEquals("wal-0000000000000001.log", LogFormat.segmentName(1));
        for (long s : new long[] {0, 1, 0xabcdefL, Long.MAX_VALUE, -1}) {
            assertEquals(s, LogFormat.parseSegmentName(LogFormat.segmentName(s)));
        }
        for (String bad : new String[] {"wal-000000000000001.log", "wal-00000000000000001.log", "wax-0000000000000001.log",
                "wal-0000000000000001.lag", "wal-000000000000000g.log", "wal-+000000000000001.log", "wal-000000000000000A.log"}) {
            assertEquals(-1, LogFormat.parseSegmentName(bad), bad);
        }
        assertEquals(0, LogFormat.align8(0));
        assertEquals(8, LogFormat.align8(1));
        assertEquals(8, LogFormat.align8(8));
        assertEquals(16, LogFormat.align8(9));

        assertThrows(IllegalArgumentException.class, () -> LogFormat.segmentHeader(1, SALT, LogFormat.SEGMENT_HEADER - 1));
        assertThrows(IllegalArgumentException.class, () -> LogFormat.segmentHeader(1, SALT, Integer.MAX_VALUE - 7));
        byte[] smallest = LogFormat.segmentHeader(1, SALT, LogFormat.SEGMENT_HEADER); // a segment holding only its header
        assertEquals(SALT, LogFormat.checkSegmentHeader(smallest, 1, "f", LogFormat.SEGMENT_HEADER));
        byte[] largest = LogFormat.segmentHeader(1, SALT, Integer.MAX_VALUE - 8);
        assertEquals(SALT, LogFormat.checkSegmentHeader(largest, 1, "f", Integer.MAX_VALUE - 8));
        byte[] h = LogFormat.segmentHeader(7, SALT, 1 << 20);
        assertEquals(SALT, LogFormat.checkSegmentHeader(h, 7, "f", 1 << 20), "exactly as long as made");
        assertEquals(SALT, LogFormat.checkSegmentHeader(h, 7, "f", 2 << 20), "longer than made");
        CorruptDataException cut = assertThrows(CorruptDataException.class, () -> LogFormat.checkSegmentHeader(h, 7, "f", (1 << 20) - 1));
        assertEquals((1 << 20) - 1, cut.offset(), "a cut file is named at its end");
        assertEquals(8, assertThrows(CorruptDataException.class, () -> LogFormat.checkSegmentHeader(h, 8, "f", 1 << 20)).offset());
        byte[] magic = h.clone();
        magic[0] ^= 1;
        assertEquals(0, assertThrows(CorruptDataException.class, () -> LogFormat.checkSegmentHeader(magic, 7, "f", 1 << 20)).offset());
        byte[] sum = h.clone();
        sum[20] ^= 1; // inside the salt: only the header checksum notices
        assertEquals(0, assertThrows(CorruptDataException.class, () -> LogFormat.checkSegmentHeader(sum, 7, "f", 1 << 20)).offset());
        byte[] version = h.clone();
        Bytes.putInt(version, 4, LogFormat.VERSION + 1);
        Bytes.putInt(version, 28, Checksums.crc(0, version, 0, 28));
        assertEquals(4, assertThrows(CorruptDataException.class, () -> LogFormat.checkSegmentHeader(version, 7, "f", 1 << 20)).offset());
        byte[] unknownLength = h.clone(); // files made before the length field: 0 = unknown, any size
        Bytes.putInt(unknownLength, 24, 0);
        Bytes.putInt(unknownLength, 28, Checksums.crc(0, unknownLength, 0, 28));
        assertEquals(SALT, LogFormat.checkSegmentHeader(unknownLength, 7, "f", LogFormat.SEGMENT_HEADER));
    }
}
