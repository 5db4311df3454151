package org.aetherdb.format;

import org.aetherdb.error.CorruptDataException;

/**
 * The header of an out-of-line value, written once at the start of its extent (a run of pages).
 *
 * <pre>
 * offset size field
 *  0     4    magic           "AEBL" (0x4C424541 little-endian)
 *  4     4    length          value bytes that follow
 *  8     4    dataChecksum    CRC32C seeded with the extent's offset, over the value bytes
 * 12     4    headerChecksum  CRC32C seeded with the extent's offset, over bytes [0, 12)
 * 16     ...  value bytes; the extent is padded to whole pages
 * </pre>
 */
public final class BlobFormat {
    public static final int MAGIC = 0x4C424541;
    public static final int HEADER = 16;
    /** Largest value a put accepts and a decoder believes: 1 GiB. */
    public static final int MAX_VALUE_SIZE = 1 << 30;

    private BlobFormat() {}

    /** Extent size in bytes for a value of {@code length} bytes. */
    public static long extentBytes(int length, int pageSize) {
        long raw = HEADER + (long) length;
        return (raw + pageSize - 1) / pageSize * pageSize;
    }

    public static byte[] header(long address, int length, int dataChecksum) {
        byte[] h = new byte[HEADER];
        Bytes.putInt(h, 0, MAGIC);
        Bytes.putInt(h, 4, length);
        Bytes.putInt(h, 8, dataChecksum);
        Bytes.putInt(h, 12, Checksums.crc(address, h, 0, 12));
        return h;
    }

    /** Checks a header read from {@code address} against what the referencing leaf says. */
    public static void checkHeader(byte[] h, long address, int length, int dataChecksum, String file) {
        if (Bytes.getInt(h, 0) != MAGIC || Bytes.getInt(h, 12) != Checksums.crc(address, h, 0, 12)) {
            throw new CorruptDataException(file, address, "out-of-line value header damaged or missing");
        }
        if (Bytes.getInt(h, 4) != length || Bytes.getInt(h, 8) != dataChecksum) {
            throw new CorruptDataException(file, address, "out-of-line value header (length " + Bytes.getInt(h, 4)
                    + ") does not match its reference (length " + length + "): stale or misdirected write");
        }
    }
}
