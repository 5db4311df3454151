package org.aetherdb.page;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.btree.Node;

/**
 * A bounded cache of decoded, verified pages keyed by file offset, with CLOCK eviction (a page
 * used since the hand last passed gets a second chance). An entry also records the page's
 * checksum: a lookup for an address whose page was since rewritten (the address was freed and
 * reused) carries the new checksum and misses, so a stale page is never returned.
 */
public final class PageCache {
    private static final class Entry {
        final Node node;
        final int checksum;
        final long bytes;
        volatile boolean referenced;

        Entry(Node node, int checksum, long bytes) {
            this.node = node;
            this.checksum = checksum;
            this.bytes = bytes;
        }
    }

    private final ConcurrentHashMap<Long, Entry> map = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> clock = new ConcurrentLinkedQueue<>();
    private final long budget;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public PageCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** Estimated heap bytes of a decoded node. */
    public static long weigh(Node n) {
        return n.bytes() + 48L * n.count() + 64;
    }

    public Node get(long address, int checksum) {
        Entry e = map.get(address);
        if (e != null && e.checksum == checksum) {
            if (!e.referenced) {
                e.referenced = true;
            }
            hits.incrementAndGet();
            return e.node;
        }
        misses.incrementAndGet();
        return null;
    }

    public void put(long address, int checksum, Node node) {
        Entry e = new Entry(node, checksum, weigh(node));
        Entry old = map.put(address, e);
        if (old != null) {
            used.addAndGet(-old.bytes);
        } else {
            clock.add(address);
        }
        used.addAndGet(e.bytes);
        evict();
    }

    private void evict() {
        int spins = 0;
        while (used.get() > budget && spins++ < 1_000_000) {
            Long addr = clock.poll();
            if (addr == null) {
                return;
            }
            Entry e = map.get(addr);
            if (e == null) {
                continue;
            }
            if (e.referenced) {
                e.referenced = false;
                clock.add(addr);
            } else if (map.remove(addr, e)) {
                used.addAndGet(-e.bytes);
            } else {
                clock.add(addr); // replaced concurrently: keep it in the clock
            }
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public long size() {
        return map.size();
    }

    public long bytes() {
        return used.get();
    }

    public void clear() {
        map.clear();
        clock.clear();
        used.set(0);
    }
}
