package org.aetherdb.format;

import org.aetherdb.error.CorruptDataException;

/**
 * Log segments and records (see docs/FORMAT.md, "Log"). A segment is a preallocated,
 * zero-filled file {@code wal-<startSeq as 16 hex digits>.log}.
 *
 * <pre>
 * segment header (32 bytes at offset 0)
 *  0  4  magic      "AEWL" (0x4C574541 little-endian)
 *  4  4  version    1
 *  8  8  startSeq   sequence number of the segment's first record
 * 16  8  salt       random, new each time the file is (re)used; seeds every record checksum
 * 24  4  length     the segment file's size when it was made (u32); 0 in older files = unknown
 * 28  4  checksum   CRC32C (seed 0) over bytes [0, 28)
 *
 * record (at 8-byte aligned offsets from 32 on; zero padding to the next multiple of 8)
 *  0  4  checksum    CRC32C seeded with the salt, over bytes [4, 32 + length)
 *  4  4  length      payload bytes
 *  8  8  seq         commit sequence number, consecutive within the log
 * 16  8  syncedUpTo  highest seq known durable when this record was written
 * 24  4  opCount     operations in the payload
 * 28  4  reserved    0
 * 32  .. payload     opCount operations
 *
 * operation
 *  u8 type: 1 put inline, 2 put out-of-line, 3 delete, 4 put logged
 *  varint keyLength, key
 *  type 1: varint valueLength, value
 *  type 2: u64 extent address, u32 length, u32 checksum (as in a leaf)
 *  type 4: varint valueLength, value (as type 1; the tree keeps a reference to these bytes,
 *          {@link Logged}, instead of a copy)
 * </pre>
 *
 * A checksum seeded with the segment's salt makes the records left in a recycled segment fail
 * their check; {@code syncedUpTo} tells recovery whether damage is a torn tail (the damaged
 * record was never known durable) or corruption (a later valid record says it was durable).
 */
public final class LogFormat {
    public static final int MAGIC = 0x4C574541;
    public static final int VERSION = 1;
    public static final int SEGMENT_HEADER = 32;
    public static final int RECORD_HEADER = 32;
    public static final int OP_PUT = 1;
    public static final int OP_PUT_BLOB = 2;
    public static final int OP_DELETE = 3;
    /** A put whose value the tree refers to in place, in this record ({@link Logged}). */
    public static final int OP_PUT_LOGGED = 4;

    private LogFormat() {}

    public static String segmentName(long startSeq) {
        return String.format("wal-%016x.log", startSeq);
    }

    /**
     * The start sequence encoded in a segment file name, or -1 when the name is not exactly what
     * {@link #segmentName} makes (so "wal-+000000000000001.log" or upper-case digits, which
     * {@link Long#parseUnsignedLong} would accept, cannot pose as a second segment 1).
     */
    public static long parseSegmentName(String name) {
        if (name.length() != 24 || !name.startsWith("wal-") || !name.endsWith(".log")) {
            return -1;
        }
        try {
            long start = Long.parseUnsignedLong(name.substring(4, 20), 16);
            return segmentName(start).equals(name) ? start : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static int align8(int n) {
        return (n + 7) & ~7;
    }

    /** The header of a segment file of {@code length} bytes (at most 2^31 - 9). */
    public static byte[] segmentHeader(long startSeq, long salt, long length) {
        if (length < SEGMENT_HEADER || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("segment length " + length);
        }
        byte[] h = new byte[SEGMENT_HEADER];
        Bytes.putInt(h, 0, MAGIC);
        Bytes.putInt(h, 4, VERSION);
        Bytes.putLong(h, 8, startSeq);
        Bytes.putLong(h, 16, salt);
        Bytes.putInt(h, 24, (int) length);
        Bytes.putInt(h, 28, Checksums.crc(0, h, 0, 28));
        return h;
    }

    /**
     * The salt of a valid segment header of a file now {@code size} bytes long. A file shorter
     * than the length its header recorded was cut: that is corruption, not a torn tail (the
     * records it lost may have been acknowledged).
     */
    public static long checkSegmentHeader(byte[] h, long expectedStartSeq, String file, long size) {
        if (Bytes.getInt(h, 0) != MAGIC || Bytes.getInt(h, 28) != Checksums.crc(0, h, 0, 28)) {
            throw new CorruptDataException(file, 0, "log segment header damaged");
        }
        if (Bytes.getInt(h, 4) != VERSION) {
            throw new CorruptDataException(file, 4, "log segment version " + Bytes.getInt(h, 4));
        }
        if (Bytes.getLong(h, 8) != expectedStartSeq) {
            throw new CorruptDataException(file, 8, "segment start " + Bytes.getLong(h, 8) + " does not match its name");
        }
        long made = Integer.toUnsignedLong(Bytes.getInt(h, 24));
        if (size < made) {
            throw new CorruptDataException(file, size, "log segment is " + size + " bytes long but was made " + made
                    + " bytes long: it was truncated");
        }
        return Bytes.getLong(h, 16);
    }
}
