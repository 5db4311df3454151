package org.aetherdb.format;

import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.FormatMismatchException;

/**
 * The record of one durable checkpoint: where the tree's root is, which commits it contains,
 * where the free list is. Two slots, at offsets 0 and 4096 of the data file, each in its own
 * 4 KiB block with its own checksum; checkpoint {@code g} writes slot {@code g % 2}, so a torn
 * superblock write can only damage the slot being replaced, never the durable one.
 *
 * <pre>
 * offset size field
 *  0     4    magic            "AETH" (0x48544541 little-endian)
 *  4     4    formatVersion    2 (1: before values in the log; read as well, see below)
 *  8     4    pageSize
 * 12     4    flags            bit 0: written by a clean close
 * 16     8    generation       checkpoint number, 1, 2, 3, ...
 * 24     8    sequence         every commit with a sequence number up to this one is in the tree
 * 32     8    rootAddress      file offset of the root page
 * 40     4    rootChecksum     the root page's checksum
 * 44     4    treeHeight       levels (1 = root is a leaf)
 * 48     8    freeListAddress  file offset of the free-list extent (0 = none)
 * 56     4    freeListBytes    size of its extent (whole pages)
 * 60     4    freeListChecksum its checksum
 * 64     8    fileEnd          bytes of the data file in use (allocation high-water mark)
 * 72     4020 reserved         zero
 * 4092   4    checksum         CRC32C seeded with the slot's offset, over bytes [0, 4092)
 * </pre>
 *
 * <p>Version 2 added leaf references to values in the log and the value-segment table of the free
 * list. A version 1 file holds neither, and its free list decodes as one with no segments, so this
 * build opens it as it is and its next checkpoint writes version 2 (an upgrade in place; a build
 * that reads only version 1 then refuses the file instead of misreading it).
 */
public record Superblock(
        int pageSize,
        int flags,
        long generation,
        long sequence,
        long rootAddress,
        int rootChecksum,
        int treeHeight,
        long freeListAddress,
        int freeListBytes,
        int freeListChecksum,
        long fileEnd) {

    public static final int MAGIC = 0x48544541;
    public static final int FORMAT_VERSION = 2;
    /** The oldest version this build opens (and upgrades at its next checkpoint). */
    public static final int OLDEST_READABLE_VERSION = 1;
    public static final int SLOT_SIZE = 4096;
    public static final int FLAG_CLEAN = 1;
    /** Bytes reserved at the start of the data file for the two slots. */
    public static final int REGION = 2 * SLOT_SIZE;

    public static long slotOffset(long generation) {
        return (generation % 2) * SLOT_SIZE;
    }

    /** First page address: the region after the slots, rounded up to a page. */
    public static long firstPage(int pageSize) {
        return Math.max(REGION, pageSize);
    }

    public boolean clean() {
        return (flags & FLAG_CLEAN) != 0;
    }

    public byte[] encode() {
        byte[] b = new byte[SLOT_SIZE];
        Bytes.putInt(b, 0, MAGIC);
        Bytes.putInt(b, 4, FORMAT_VERSION);
        Bytes.putInt(b, 8, pageSize);
        Bytes.putInt(b, 12, flags);
        Bytes.putLong(b, 16, generation);
        Bytes.putLong(b, 24, sequence);
        Bytes.putLong(b, 32, rootAddress);
        Bytes.putInt(b, 40, rootChecksum);
        Bytes.putInt(b, 44, treeHeight);
        Bytes.putLong(b, 48, freeListAddress);
        Bytes.putInt(b, 56, freeListBytes);
        Bytes.putInt(b, 60, freeListChecksum);
        Bytes.putLong(b, 64, fileEnd);
        Bytes.putInt(b, SLOT_SIZE - 4, Checksums.crc(slotOffset(generation), b, 0, SLOT_SIZE - 4));
        return b;
    }

    /** Whether a slot is blank (never written): all zeros. */
    public static boolean blank(byte[] slot) {
        for (byte x : slot) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes the slot read at {@code offset}.
     *
     * @throws CorruptDataException          when the checksum or a field is wrong
     * @throws FormatMismatchException  when the slot is intact but of another format version
     */
    public static Superblock decode(byte[] b, long offset, String file) {
        if (Bytes.getInt(b, 0) != MAGIC) {
            throw new CorruptDataException(file, offset, "superblock magic missing (not an AetherDB data file, or damaged)");
        }
        int crc = Checksums.crc(offset, b, 0, SLOT_SIZE - 4);
        if (crc != Bytes.getInt(b, SLOT_SIZE - 4)) {
            throw new CorruptDataException(file, offset + SLOT_SIZE - 4, "superblock checksum mismatch");
        }
        int version = Bytes.getInt(b, 4);
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new FormatMismatchException(file + ": format version " + version + ", this build reads versions "
                    + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + (version > FORMAT_VERSION
                    ? "; open it with the newer AetherDB that wrote it" : ""));
        }
        Superblock s = new Superblock(Bytes.getInt(b, 8), Bytes.getInt(b, 12), Bytes.getLong(b, 16), Bytes.getLong(b, 24),
                Bytes.getLong(b, 32), Bytes.getInt(b, 40), Bytes.getInt(b, 44), Bytes.getLong(b, 48), Bytes.getInt(b, 56),
                Bytes.getInt(b, 60), Bytes.getLong(b, 64));
        s.validate(offset, file);
        return s;
    }

    private void validate(long offset, String file) {
        String bad = null;
        if (pageSize < 4096 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            bad = "page size " + pageSize;
        } else if (slotOffset(generation) != offset || generation < 1) {
            bad = "generation " + generation + " in the wrong slot";
        } else if (sequence < 0 || treeHeight < 1 || treeHeight > PageFormat.MAX_LEVEL + 1) {
            bad = "sequence " + sequence + " / tree height " + treeHeight;
        } else if (fileEnd < firstPage(pageSize) || fileEnd % pageSize != 0) {
            bad = "file end " + fileEnd;
        } else if (!inside(rootAddress) || (freeListAddress != 0 && !inside(freeListAddress))) {
            bad = "root " + rootAddress + " or free list " + freeListAddress + " outside [" + firstPage(pageSize) + ", " + fileEnd + ")";
        } else if (freeListBytes < 0 || freeListBytes % pageSize != 0 || (freeListAddress == 0) != (freeListBytes == 0)
                || freeListAddress + freeListBytes > fileEnd) {
            bad = "free-list length " + freeListBytes;
        }
        if (bad != null) {
            throw new CorruptDataException(file, offset, "superblock field out of range: " + bad);
        }
    }

    private boolean inside(long address) {
        return address >= firstPage(pageSize) && address < fileEnd && address % pageSize == 0;
    }
}
