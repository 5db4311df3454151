package org.aetherdb.format;

import java.util.ArrayList;
import java.util.List;
import org.aetherdb.error.CorruptDataException;

/**
 * The free extents of the data file as of a checkpoint, stored in an extent of its own.
 *
 * <pre>
 * offset size field
 *  0     4    magic     "AEFL" (0x4C464541 little-endian)
 *  4     4    reserved  0
 *  8     8    count     number of extents
 * 16     16*n extents   u64 start, u64 length; sorted, non-overlapping, page-aligned
 * ...         zero      padding to the end of the extent (whole pages)
 * </pre>
 * Its checksum (CRC32C seeded with its offset, over the whole extent, padding included) and
 * length (the extent's size, a multiple of the page size) are kept in the superblock.
 */
public final class FreeListFormat {
    public static final int MAGIC = 0x4C464541;

    private FreeListFormat() {}

    public static int encodedBytes(int extents) {
        return 16 + 16 * extents;
    }

    /** Encodes {@code extents} as {start, length} pairs, zero-padded to {@code totalBytes}. */
    public static byte[] encode(List<Extent> extents, int totalBytes) {
        if (encodedBytes(extents.size()) > totalBytes) {
            throw new IllegalArgumentException(extents.size() + " extents do not fit " + totalBytes + " bytes");
        }
        byte[] b = new byte[totalBytes];
        Bytes.putInt(b, 0, MAGIC);
        Bytes.putLong(b, 8, extents.size());
        int p = 16;
        for (Extent e : extents) {
            Bytes.putLong(b, p, e.start());
            Bytes.putLong(b, p + 8, e.length());
            p += 16;
        }
        return b;
    }

    /** Decodes and validates against the page size and the file end. */
    public static List<Extent> decode(byte[] b, long address, int checksum, int pageSize, long fileEnd, String file) {
        if (b.length < 16 || Checksums.crc(address, b, 0, b.length) != checksum) {
            throw new CorruptDataException(file, address, "free list checksum mismatch");
        }
        long count = Bytes.getLong(b, 8);
        if (Bytes.getInt(b, 0) != MAGIC || Bytes.getInt(b, 4) != 0 || count < 0 || count > (b.length - 16) / 16) {
            throw new CorruptDataException(file, address, "free list header damaged");
        }
        int n = (int) count;
        for (int i = 16 + 16 * n; i < b.length; i++) {
            if (b[i] != 0) {
                throw new CorruptDataException(file, address + i, "free list padding is not zero");
            }
        }
        List<Extent> out = new ArrayList<>(n);
        long prevEnd = Superblock.firstPage(pageSize);
        for (int i = 0; i < n; i++) {
            long start = Bytes.getLong(b, 16 + 16 * i);
            long len = Bytes.getLong(b, 24 + 16 * i);
            // len > fileEnd - start, not start + len > fileEnd: the sum of two forged fields can overflow.
            if (start < prevEnd || len <= 0 || start % pageSize != 0 || len % pageSize != 0 || len > fileEnd - start) {
                throw new CorruptDataException(file, address + 16 + 16L * i, "free extent " + start + "+" + len + " out of order or range");
            }
            out.add(new Extent(start, len));
            prevEnd = start + len;
        }
        return out;
    }
}
