package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.FormatMismatchException;
import org.junit.jupiter.api.Test;

/**
 * Jazzer targets for the decoders of {@code format}: superblock slots, out-of-line value headers,
 * free lists, log segment headers and the bounds-checked {@link PageReader}. Each decoder gets
 * bytes straight from the fuzzer and, in a second form, the same bytes with their checksum made
 * valid (so the fuzzer reaches the field checks behind it). The only exceptions allowed are the
 * documented ones: {@link CorruptDataException}, and {@link FormatMismatchException} for a
 * superblock of another version. Anything else (an index out of bounds, an overflow that lets a
 * bad field through, a negative array size) is a finding: Jazzer fails the test with the input.
 *
 * <p>Regression mode (plain {@code mvn test}) runs the seeds in
 * {@code src/test/resources/org/aetherdb/format/FormatFuzzTestInputs/<method>/}; fuzzing mode:
 * {@code JAZZER_FUZZ=1} (see docs/VERIFICATION.md, "Fuzzed decoders").
 */
class FormatFuzzTest {
    private static final String FILE = "fuzzed";

    @FuzzTest(maxDuration = "10s")
    void superblock(FuzzedDataProvider data) {
        boolean fixChecksum = data.consumeBoolean();
        long offset = data.consumeBoolean() ? 0 : Superblock.SLOT_SIZE;
        byte[] slot = java.util.Arrays.copyOf(data.consumeRemainingAsBytes(), Superblock.SLOT_SIZE);
        if (fixChecksum) {
            Bytes.putInt(slot, 0, Superblock.MAGIC);
            Bytes.putInt(slot, Superblock.SLOT_SIZE - 4, Checksums.crc(offset, slot, 0, Superblock.SLOT_SIZE - 4));
        }
        Superblock s;
        try {
            s = Superblock.decode(slot, offset, FILE);
        } catch (CorruptDataException | FormatMismatchException expected) {
            return;
        }
        // A decoded superblock obeys the documented ranges and encodes back to the same fields.
        long first = Superblock.firstPage(s.pageSize());
        assertTrue(s.rootAddress() >= first && s.rootAddress() < s.fileEnd() && s.rootAddress() % s.pageSize() == 0, s.toString());
        assertTrue(s.freeListAddress() == 0 || s.freeListAddress() + s.freeListBytes() <= s.fileEnd(), s.toString());
        assertTrue(s.generation() >= 1 && Superblock.slotOffset(s.generation()) == offset, s.toString());
        assertEquals(s, Superblock.decode(s.encode(), offset, FILE));
    }

    @FuzzTest(maxDuration = "10s")
    void blobHeader(FuzzedDataProvider data) {
        long address = data.consumeLong(0, 1L << 40) * 4096;
        int length = data.consumeInt();
        int dataChecksum = data.consumeInt();
        boolean fixChecksum = data.consumeBoolean();
        byte[] h = java.util.Arrays.copyOf(data.consumeRemainingAsBytes(), BlobFormat.HEADER);
        if (fixChecksum) {
            Bytes.putInt(h, 0, BlobFormat.MAGIC);
            Bytes.putInt(h, 12, Checksums.crc(address, h, 0, 12));
        }
        try {
            BlobFormat.checkHeader(h, address, length, dataChecksum, FILE);
        } catch (CorruptDataException expected) {
            return;
        }
        assertEquals(length, Bytes.getInt(h, 4));
        assertEquals(dataChecksum, Bytes.getInt(h, 8));
    }

    @FuzzTest(maxDuration = "10s")
    void freeList(FuzzedDataProvider data) {
        int pageSize = 4096 << data.consumeInt(0, 4);
        long address = data.consumeLong(2, 1L << 30) * pageSize;
        long fileEnd = data.consumeLong(0, Long.MAX_VALUE);
        boolean fixChecksum = data.consumeBoolean();
        byte[] b = data.consumeRemainingAsBytes();
        int checksum = fixChecksum ? Checksums.crc(address, b, 0, b.length) : 0;
        List<Extent> extents;
        try {
            extents = FreeListFormat.decode(b, address, checksum, pageSize, fileEnd, FILE);
        } catch (CorruptDataException expected) {
            return;
        }
        // What the allocator receives: ordered, disjoint, page-aligned extents inside the file.
        long prevEnd = Superblock.firstPage(pageSize);
        for (Extent e : extents) {
            assertTrue(e.start() >= prevEnd && e.length() > 0 && e.start() % pageSize == 0 && e.length() % pageSize == 0, e.toString());
            assertTrue(e.length() <= fileEnd - e.start(), "extent " + e + " past file end " + fileEnd);
            prevEnd = e.end();
        }
    }

    /**
     * Regression (found by {@link #freeList}): an extent whose start + length overflows a long
     * passed the "inside the file" check, handing the allocator an extent of ~2^63 bytes.
     */
    @Test
    void freeExtentWhoseEndOverflowsIsCorruption() {
        int pageSize = 4096;
        long address = 3 * pageSize;
        byte[] b = FreeListFormat.encode(List.of(new Extent(8192, Long.MAX_VALUE - 4095)), pageSize);
        int checksum = Checksums.crc(address, b, 0, b.length);
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> FreeListFormat.decode(b, address, checksum, pageSize, 1L << 20, FILE));
        assertTrue(e.getMessage().contains("out of order or range"), e.getMessage());
    }

    @FuzzTest(maxDuration = "10s")
    void logSegmentHeader(FuzzedDataProvider data) {
        long startSeq = data.consumeLong();
        long size = data.consumeLong(0, Integer.MAX_VALUE);
        boolean fixChecksum = data.consumeBoolean();
        byte[] h = java.util.Arrays.copyOf(data.consumeRemainingAsBytes(), LogFormat.SEGMENT_HEADER);
        if (fixChecksum) {
            Bytes.putInt(h, 0, LogFormat.MAGIC);
            Bytes.putInt(h, 28, Checksums.crc(0, h, 0, 28));
        }
        try {
            long salt = LogFormat.checkSegmentHeader(h, startSeq, FILE, size);
            assertEquals(Bytes.getLong(h, 16), salt);
            assertTrue(size >= Integer.toUnsignedLong(Bytes.getInt(h, 24)), "a truncated segment was accepted");
        } catch (CorruptDataException expected) {
            // documented
        }
    }

    /** Segment names come from the directory listing: any string must parse to a sequence or -1. */
    @FuzzTest(maxDuration = "10s")
    void segmentName(FuzzedDataProvider data) {
        String name = data.consumeRemainingAsString();
        long seq = LogFormat.parseSegmentName(name);
        if (seq != -1) {
            assertEquals(name.toLowerCase(java.util.Locale.ROOT), LogFormat.segmentName(seq).toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Any sequence of reads from any buffer window either returns in-bounds values or throws CorruptDataException. */
    @FuzzTest(maxDuration = "10s")
    void pageReader(FuzzedDataProvider data) {
        int ops = data.consumeInt(0, 64);
        int[] kinds = new int[ops];
        int[] args = new int[ops];
        for (int i = 0; i < ops; i++) {
            kinds[i] = data.consumeInt(0, 5);
            args[i] = data.consumeInt(0, 1 << 16);
        }
        byte[] buf = data.consumeRemainingAsBytes();
        int start = Math.min(buf.length, args.length > 0 ? Math.floorMod(args[0], buf.length + 1) : 0);
        PageReader r = new PageReader(buf, start, buf.length, FILE, 0);
        try {
            for (int i = 0; i < ops; i++) {
                int before = r.remaining();
                switch (kinds[i]) {
                    case 0 -> assertTrue(r.u8("u8") <= 0xFF);
                    case 1 -> assertTrue(r.u16("u16") <= 0xFFFF);
                    case 2 -> r.i32("i32");
                    case 3 -> r.i64("i64");
                    case 4 -> {
                        int max = args[i];
                        int v = r.varint(max, "varint");
                        assertTrue(v >= 0 && v <= max, "varint " + v + " above its limit " + max);
                    }
                    default -> {
                        byte[] got = r.bytes(args[i], "bytes");
                        assertEquals(args[i], got.length);
                    }
                }
                assertTrue(r.remaining() >= 0 && r.remaining() < before || before == 0 && r.remaining() == 0
                        || kinds[i] == 5 && args[i] == 0, "reader did not advance");
            }
        } catch (CorruptDataException expected) {
            // documented
        }
    }
}
