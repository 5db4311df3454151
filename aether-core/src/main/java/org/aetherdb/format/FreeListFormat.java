package org.aetherdb.format;

import java.util.ArrayList;
import java.util.List;
import org.aetherdb.error.CorruptDataException;

/**
 * The free extents of the data file as of a checkpoint, and the log segments its tree refers to,
 * stored in an extent of its own.
 *
 * <pre>
 * offset     size  field
 *  0         4     magic          "AEFL" (0x4C464541 little-endian)
 *  4         4     segmentCount   m, value segments recorded (format version 1: always 0)
 *  8         8     count          n, free extents
 * 16         16*n  extents        u64 start, u64 length; sorted, non-overlapping, page-aligned
 * 16+16n     16*m  segments       u64 segment start, u64 live bytes; starts increasing, both >= 1
 * ...              zero           padding to the end of the extent (whole pages)
 * </pre>
 * Its checksum (CRC32C seeded with its offset, over the whole extent, padding included) and
 * length (the extent's size, a multiple of the page size) are kept in the superblock. Format
 * version 1 wrote 0 where {@code segmentCount} is, so its lists decode as having no segments.
 */
public final class FreeListFormat {
    public static final int MAGIC = 0x4C464541;

    private FreeListFormat() {}

    /** What a checkpoint records besides its tree: free extents and value segments. */
    public record SpaceMap(List<Extent> free, List<ValueSegment> valueSegments) {}

    public static int encodedBytes(int extents) {
        return encodedBytes(extents, 0);
    }

    public static int encodedBytes(int extents, int segments) {
        return 16 + 16 * extents + 16 * segments;
    }

    /** Encodes {@code extents} as {start, length} pairs, no segments, zero-padded to {@code totalBytes}. */
    public static byte[] encode(List<Extent> extents, int totalBytes) {
        return encode(new SpaceMap(extents, List.of()), totalBytes);
    }

    /** Encodes the map's extents and segments (each list in increasing order), zero-padded to {@code totalBytes}. */
    public static byte[] encode(SpaceMap map, int totalBytes) {
        List<Extent> extents = map.free();
        List<ValueSegment> segments = map.valueSegments();
        if (encodedBytes(extents.size(), segments.size()) > totalBytes) {
            throw new IllegalArgumentException(extents.size() + " extents and " + segments.size() + " segments do not fit "
                    + totalBytes + " bytes");
        }
        byte[] b = new byte[totalBytes];
        Bytes.putInt(b, 0, MAGIC);
        Bytes.putInt(b, 4, segments.size());
        Bytes.putLong(b, 8, extents.size());
        int p = 16;
        for (Extent e : extents) {
            Bytes.putLong(b, p, e.start());
            Bytes.putLong(b, p + 8, e.length());
            p += 16;
        }
        for (ValueSegment s : segments) {
            Bytes.putLong(b, p, s.start());
            Bytes.putLong(b, p + 8, s.liveBytes());
            p += 16;
        }
        return b;
    }

    /** The free extents alone (see {@link #decodeMap}). */
    public static List<Extent> decode(byte[] b, long address, int checksum, int pageSize, long fileEnd, String file) {
        return decodeMap(b, address, checksum, pageSize, fileEnd, file).free();
    }

    /** Decodes and validates against the page size and the file end. */
    public static SpaceMap decodeMap(byte[] b, long address, int checksum, int pageSize, long fileEnd, String file) {
        if (b.length < 16 || Checksums.crc(address, b, 0, b.length) != checksum) {
            throw new CorruptDataException(file, address, "free list checksum mismatch");
        }
        long count = Bytes.getLong(b, 8);
        long segmentCount = Integer.toUnsignedLong(Bytes.getInt(b, 4));
        if (Bytes.getInt(b, 0) != MAGIC || count < 0 || count > (b.length - 16) / 16 || segmentCount > (b.length - 16) / 16 - count) {
            throw new CorruptDataException(file, address, "free list header damaged");
        }
        int n = (int) count;
        int m = (int) segmentCount;
        for (int i = 16 + 16 * n + 16 * m; i < b.length; i++) {
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
        List<ValueSegment> segments = new ArrayList<>(m);
        long prevStart = 0;
        for (int i = 0; i < m; i++) {
            int at = 16 + 16 * n + 16 * i;
            long start = Bytes.getLong(b, at);
            long live = Bytes.getLong(b, at + 8);
            if (start <= prevStart || live < 1) {
                throw new CorruptDataException(file, address + at, "value segment " + start + " with " + live
                        + " live bytes out of order or range");
            }
            segments.add(new ValueSegment(start, live));
            prevStart = start;
        }
        return new SpaceMap(out, segments);
    }
}
