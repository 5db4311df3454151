package org.aetherdb.format;

/**
 * The layout of a B+tree page (see docs/FORMAT.md, "Tree pages"). All integers little-endian.
 *
 * <pre>
 * offset size field
 *  0     4    checksum  CRC32C seeded with the page's file offset, over bytes [4, used)
 *  4     1    kind      1 = leaf, 2 = branch
 *  5     1    level     0 for a leaf; a branch is one more than its children
 *  6     2    count     leaf: entries; branch: children (at least 2)
 *  8     4    used      bytes of the encoding including this header (16..pageSize)
 * 12     4    reserved  0
 * 16     ...  body      leaf: count entries; branch: count child refs, then count-1 separators
 * </pre>
 *
 * Leaf entry: varint keyLength, key, u8 valueKind (0 inline, 1 out-of-line, 2 in the log), then
 * varint valueLength + value (0), or u64 blobAddress + u32 valueLength + u32 valueChecksum (1), or
 * u64 segment + u32 offset + u32 valueLength + u32 valueChecksum (2, {@link Logged}). Branch child ref:
 * u64 address + u32 checksum of the child page. Separator: varint keyLength + key. Bytes after
 * {@code used} up to the page size are zero and not covered by the checksum.
 */
public final class PageFormat {
    public static final int HEADER = 16;
    public static final int KIND_LEAF = 1;
    public static final int KIND_BRANCH = 2;
    public static final int VALUE_INLINE = 0;
    public static final int VALUE_BLOB = 1;
    public static final int VALUE_LOGGED = 2;
    /** Encoded size of an out-of-line value reference after the kind byte. */
    public static final int BLOB_REF_BYTES = 16;
    /** Encoded size of a reference to a value in the log after the kind byte. */
    public static final int LOGGED_REF_BYTES = 20;
    /** Encoded size of a branch's child reference. */
    public static final int CHILD_REF_BYTES = 12;
    /** Deepest tree accepted when decoding (a 64-level tree would hold more than 2^64 keys). */
    public static final int MAX_LEVEL = 40;

    private PageFormat() {}

    /** Largest value stored inline: 5/16 of a page (5 KiB of a 16 KiB page), so 4 KiB values stay inline. */
    public static int maxInlineValue(int pageSize) {
        return pageSize * 5 / 16;
    }

    /** Largest key: an eighth of a page (2 KiB of a 16 KiB page). */
    public static int maxKey(int pageSize) {
        return pageSize / 8;
    }

    /** A node below this many bytes (a quarter page) is merged with or refilled from a sibling. */
    public static int minFill(int pageSize) {
        return pageSize / 4;
    }
}
