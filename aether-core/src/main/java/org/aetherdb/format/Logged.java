package org.aetherdb.format;

/**
 * A value stored in a log record instead of in its leaf (docs/VALUE-LOG.md): {@code length} bytes
 * at byte {@code offset} of the log segment whose first record is {@code segment} (the file
 * {@link LogFormat#segmentName}), whose CRC32C (seed 0) is {@code checksum}. A leaf holds the
 * reference in {@link PageFormat#LOGGED_REF_BYTES} bytes.
 *
 * <p>Invariant (checked when a leaf is decoded): {@code segment >= 1}, the value lies after the
 * segment header and a record header, and ends below 2^31 (a segment's largest size); {@code
 * length >= 1}. That the segment exists and holds these bytes is checked when the value is read
 * ({@link LoggedValues}).
 */
public record Logged(long segment, int offset, int length, int checksum) implements StoredValue {
    /** The smallest offset a value can have: after the segment header and its record's header. */
    public static final int MIN_OFFSET = LogFormat.SEGMENT_HEADER + LogFormat.RECORD_HEADER;

    /** Whether the fields can describe a value in a segment (not whether it is there). */
    public static boolean plausible(long segment, int offset, int length) {
        return segment >= 1 && offset >= MIN_OFFSET && length >= 1 && length <= BlobFormat.MAX_VALUE_SIZE
                && (long) offset + length <= Integer.MAX_VALUE - 8;
    }
}
