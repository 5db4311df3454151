package org.aetherdb.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aetherdb.format.Extent;

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
    /** The same extents ordered by length, then start: best fit is a ceiling lookup. */
    private final NavigableSet<Extent> bySize = new TreeSet<>(ExtentAllocator::bySizeThenStart);
    private long end;
    private long freeBytes;

    public ExtentAllocator(int pageSize, long end, List<Extent> free) {
        this.pageSize = pageSize;
        this.end = end;
        for (Extent e : free) {
            add(e.start(), e.length());
        }
    }

    /** Allocates {@code bytes} (a multiple of the page size), reusing free space or growing the file. */
    public synchronized long allocate(long bytes) {
        Extent fit = bySize.ceiling(new Extent(Long.MIN_VALUE, bytes));
        if (fit == null) {
            long at = end;
            end += bytes;
            return at;
        }
        remove(fit.start(), fit.length());
        if (fit.length() > bytes) {
            add(fit.start() + bytes, fit.length() - bytes);
        }
        return fit.start();
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

    // A method, not Comparator.comparingLong(..).thenComparing(..): the JDK's composed comparators
    // are lambdas inside java.base whose fields Lincheck's object-graph walk may not open.
    private static int bySizeThenStart(Extent a, Extent b) {
        int c = Long.compare(a.length(), b.length());
        return c != 0 ? c : Long.compare(a.start(), b.start());
    }

    private void add(long start, long len) {
        byStart.put(start, len);
        bySize.add(new Extent(start, len));
        freeBytes += len;
    }

    private void remove(long start, long len) {
        byStart.remove(start);
        bySize.remove(new Extent(start, len));
        freeBytes -= len;
    }

    /** The allocation high-water mark: bytes of the data file in use or free. */
    public synchronized long end() {
        return end;
    }

    public synchronized long freeBytes() {
        return freeBytes;
    }

    /** The free extents in address order. */
    public synchronized List<Extent> extents() {
        List<Extent> out = new ArrayList<>(byStart.size());
        for (Map.Entry<Long, Long> e : byStart.entrySet()) {
            out.add(new Extent(e.getKey(), e.getValue()));
        }
        return out;
    }

    public synchronized int extentCount() {
        return byStart.size();
    }
}
