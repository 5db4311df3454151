package org.aetherdb.format;

/**
 * A run of bytes of the data file: {@code length} bytes from {@code start}. Free lists, the
 * allocator and the freed-space bookkeeping speak in extents; an out-of-line value's extent is
 * {@link BlobFormat#extentBytes} long.
 *
 * <p>Invariant (checked by whoever decodes one from disk, not here): start and length are
 * page-aligned and length is positive.
 */
public record Extent(long start, long length) {
    /** The first byte after the extent. */
    public long end() {
        return start + length;
    }

    @Override
    public String toString() {
        return start + "+" + length;
    }
}
