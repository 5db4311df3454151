package org.aetherdb.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Free space of the data file as page-aligned extents, with best-fit allocation in O(log n).
 *
 * <p>Invariant: the free extents are disjoint, non-adjacent (neighbours are coalesced), lie below
 * {@link #end()}, and none of them is used by the latest durable checkpoint, by a version a reader
 * may still hold, or by anything written since. Thread-safe (one lock).
 */
public final class ExtentAllocator {
    private final int pageSize;
    private final TreeMap<Long, Long> byStart = new TreeMap<>();
    /** {length, start} pairs, ordered by length then start. */
    private final NavigableSet<long[]> bySize = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private long end;
    private long freeBytes;

    public ExtentAllocator(int pageSize, long end, List<long[]> free) {
        this.pageSize = pageSize;
        this.end = end;
        for (long[] e : free) {
            add(e[0], e[1]);
        }
    }

    /** Allocates {@code bytes} (a multiple of the page size), reusing free space or growing the file. */
    public synchronized long allocate(long bytes) {
        long[] fit = bySize.ceiling(new long[] {bytes, Long.MIN_VALUE});
        if (fit == null) {
            long at = end;
            end += bytes;
            return at;
        }
        remove(fit[1], fit[0]);
        if (fit[0] > bytes) {
            add(fit[1] + bytes, fit[0] - bytes);
        }
        return fit[1];
    }

    /** Returns an extent to the free set (coalescing with neighbours). */
    public synchronized void free(long start, long bytes) {
        if (start % pageSize != 0 || bytes % pageSize != 0 || bytes <= 0 || start + bytes > end) {
            throw new IllegalStateException("freeing bad extent " + start + "+" + bytes + " (end " + end + ")");
        }
        Map.Entry<Long, Long> below = byStart.floorEntry(start);
        if (below != null && below.getKey() + below.getValue() > start) {
            throw new IllegalStateException("double free of " + start + "+" + bytes);
        }
        Map.Entry<Long, Long> above = byStart.ceilingEntry(start);
        if (above != null && above.getKey() < start + bytes) {
            throw new IllegalStateException("double free of " + start + "+" + bytes);
        }
        long s = start;
        long len = bytes;
        if (below != null && below.getKey() + below.getValue() == start) {
            remove(below.getKey(), below.getValue());
            s = below.getKey();
            len += below.getValue();
        }
        if (above != null && above.getKey() == start + bytes) {
            remove(above.getKey(), above.getValue());
            len += above.getValue();
        }
        add(s, len);
    }

    /**
     * Marks an extent as used although the free list says it is free (recovery: an out-of-line
     * value written after the checkpoint's free list was taken). Extends the end if needed.
     */
    public synchronized void markUsed(long start, long bytes) {
        if (start + bytes > end) {
            if (start > end) {
                add(end, start - end);
            }
            end = Math.max(end, start + bytes);
        }
        Map.Entry<Long, Long> e = byStart.floorEntry(start + bytes - 1);
        while (e != null && e.getKey() + e.getValue() > start) {
            long es = e.getKey();
            long el = e.getValue();
            remove(es, el);
            if (es < start) {
                add(es, start - es);
            }
            if (es + el > start + bytes) {
                add(start + bytes, es + el - start - bytes);
            }
            e = byStart.floorEntry(start + bytes - 1);
        }
    }

    private void add(long start, long len) {
        byStart.put(start, len);
        bySize.add(new long[] {len, start});
        freeBytes += len;
    }

    private void remove(long start, long len) {
        byStart.remove(start);
        bySize.remove(new long[] {len, start});
        freeBytes -= len;
    }

    /** The allocation high-water mark: bytes of the data file in use or free. */
    public synchronized long end() {
        return end;
    }

    public synchronized long freeBytes() {
        return freeBytes;
    }

    /** The free extents as {start, length}, in address order. */
    public synchronized List<long[]> extents() {
        List<long[]> out = new ArrayList<>(byStart.size());
        for (Map.Entry<Long, Long> e : byStart.entrySet()) {
            out.add(new long[] {e.getKey(), e.getValue()});
        }
        return out;
    }

    public synchronized int extentCount() {
        return byStart.size();
    }
}
