package org.aetherdb.format;

/**
 * A log segment that a checkpoint's tree still refers to: {@code liveBytes} bytes of values in
 * the segment whose first record is {@code start} are referenced by {@link Logged} entries of
 * that tree. Recorded with each checkpoint (in the free-list extent, {@link FreeListFormat}) so
 * that opening knows which segments before the replay start to keep without walking the tree.
 *
 * <p>Invariant: {@code start >= 1} and {@code liveBytes >= 1} (a segment with no live values is
 * not recorded).
 */
public record ValueSegment(long start, long liveBytes) {
    public ValueSegment {
        if (start < 1 || liveBytes < 1) {
            throw new IllegalArgumentException("value segment " + start + " with " + liveBytes + " live bytes");
        }
    }
}
