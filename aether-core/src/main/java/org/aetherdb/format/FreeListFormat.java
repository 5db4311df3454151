package org.aetherdb.format;

import java.util.ArrayList;
import java.util.List;
import org.aetherdb.CorruptionException;

/**
 * The free extents of the data file as of a checkpoint, stored in an extent of its own.
 *
 * <pre>
 * offset size field
 *  0     4    magic     "AEFL" (0x4C464541 little-endian)
 *  4     4    reserved  0
 *  8     8    count     number of extents
 * 16     16*n extents   u64 start, u64 length; sorted, non-overlapping, page-aligned
 * </pre>
 * Its checksum (CRC32C seeded with its offset, over all {@code 16 + 16n} bytes) and length are
 * kept in the superblock.
 */
public final class FreeListFormat {
    public static final int MAGIC = 0x4C464541;

    private FreeListFormat() {}

    public static int encodedBytes(int extents) {
        return 16 + 16 * extents;
    }

    /** Encodes {@code extents} as {start, length} pairs. */
    public static byte[] encode(List<long[]> extents) {
        byte[] b = new byte[encodedBytes(extents.size())];
        Bytes.putInt(b, 0, MAGIC);
        Bytes.putLong(b, 8, extents.size());
        int p = 16;
        for (long[] e : extents) {
            Bytes.putLong(b, p, e[0]);
            Bytes.putLong(b, p + 8, e[1]);
            p += 16;
        }
        return b;
    }

    /** Decodes and validates against the page size and the file end. */
    public static List<long[]> decode(byte[] b, long address, int checksum, int pageSize, long fileEnd, String file) {
        if (b.length < 16 || Checksums.crc(address, b, 0, b.length) != checksum) {
            throw new CorruptionException(file, address, "free list checksum mismatch");
        }
        if (Bytes.getInt(b, 0) != MAGIC || Bytes.getLong(b, 8) != (b.length - 16) / 16 || (b.length - 16) % 16 != 0) {
            throw new CorruptionException(file, address, "free list header damaged");
        }
        int n = (b.length - 16) / 16;
        List<long[]> out = new ArrayList<>(n);
        long prevEnd = Superblock.firstPage(pageSize);
        for (int i = 0; i < n; i++) {
            long start = Bytes.getLong(b, 16 + 16 * i);
            long len = Bytes.getLong(b, 24 + 16 * i);
            if (start < prevEnd || len <= 0 || start % pageSize != 0 || len % pageSize != 0 || start + len > fileEnd) {
                throw new CorruptionException(file, address + 16 + 16L * i, "free extent " + start + "+" + len + " out of order or range");
            }
            out.add(new long[] {start, len});
            prevEnd = start + len;
        }
        return out;
    }
}
