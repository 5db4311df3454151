package org.aetherdb.page;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which tree versions readers are using, so a freed page is not reused while a reader may still
 * read it (LMDB's reader slots). Each read claims a slot and stores its version's sequence number
 * plus one (0 = free slot). Slots are spread over cache lines and picked by thread id, so two
 * threads rarely touch the same line.
 *
 * <p>Protocol that makes the minimum safe: a reader stores the version it read, then re-reads the
 * published version and retries if it changed ({@code Engine.acquire}). A reclaimer that computes
 * {@link #minSequence} after a version {@code v} was published therefore sees every reader that
 * could hold a version older than {@code v}.
 */
public final class ReaderTable {
    private static final int STRIDE = 8; // 64-byte cache line / 8-byte slot
    private final AtomicLongArray slots;
    private final int count;
    /** Readers beyond the slots (many open snapshots): negative slot numbers. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Long> overflow = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger overflowIds = new java.util.concurrent.atomic.AtomicInteger();

    public ReaderTable(int count) {
        this.count = Integer.highestOneBit(Math.max(16, count - 1) * 2);
        this.slots = new AtomicLongArray(this.count * STRIDE);
    }

    /** Claims a slot holding {@code sequence}; returns its number (negative beyond the table). */
    public int claim(long sequence) {
        int start = (int) (Thread.currentThread().threadId() * 0x9E3779B9L >>> 7) & (count - 1);
        for (int i = 0; i < count; i++) {
            int idx = ((start + i) & (count - 1)) * STRIDE;
            if (slots.get(idx) == 0 && slots.compareAndSet(idx, 0, sequence + 1)) {
                return idx;
            }
        }
        int id = -1 - (overflowIds.getAndIncrement() & Integer.MAX_VALUE);
        overflow.put(id, sequence);
        return id;
    }

    /** Updates a claimed slot to a newer version. */
    public void update(int slot, long sequence) {
        if (slot >= 0) {
            slots.set(slot, sequence + 1);
        } else {
            overflow.put(slot, sequence);
        }
    }

    public void release(int slot) {
        if (slot >= 0) {
            slots.set(slot, 0);
        } else {
            overflow.remove(slot);
        }
    }

    /** The smallest sequence held by a reader, or {@code Long.MAX_VALUE} when none. */
    public long minSequence() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            long v = slots.get(i * STRIDE);
            if (v != 0) {
                min = Math.min(min, v - 1);
            }
        }
        for (long v : overflow.values()) {
            min = Math.min(min, v);
        }
        return min;
    }

    public int active() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (slots.get(i * STRIDE) != 0) {
                n++;
            }
        }
        return n + overflow.size();
    }
}
