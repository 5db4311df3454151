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
 *
 * <p>A slot claimed for the engine's own work (the value collector's view) carries the
 * {@link #INTERNAL} bit: it holds its version back like any reader but is not counted by
 * {@link #active}, which reports the application's snapshots, cursors and transactions.
 */
public final class ReaderTable {
    private static final int STRIDE = 8; // 64-byte cache line / 8-byte slot
    /** Marks a slot (or overflow entry) held by the engine itself; sequences stay far below it. */
    private static final long INTERNAL = 1L << 62;
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
        return claim(sequence, false);
    }

    /** As {@link #claim(long)}; an {@code internal} claim is left out of {@link #active}. */
    public int claim(long sequence, boolean internal) {
        long flag = internal ? INTERNAL : 0;
        int start = (int) (Thread.currentThread().threadId() * 0x9E3779B9L >>> 7) & (count - 1);
        for (int i = 0; i < count; i++) {
            int idx = ((start + i) & (count - 1)) * STRIDE;
            if (slots.get(idx) == 0 && slots.compareAndSet(idx, 0, flag | (sequence + 1))) {
                return idx;
            }
        }
        int id = -1 - (overflowIds.getAndIncrement() & Integer.MAX_VALUE);
        overflow.put(id, flag | sequence);
        return id;
    }

    /** Updates a claimed slot to a newer version (only its owner calls this; the flag is kept). */
    public void update(int slot, long sequence) {
        if (slot >= 0) {
            slots.set(slot, (slots.get(slot) & INTERNAL) | (sequence + 1));
        } else {
            overflow.put(slot, (overflow.get(slot) & INTERNAL) | sequence);
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
                min = Math.min(min, (v & ~INTERNAL) - 1);
            }
        }
        for (long v : overflow.values()) {
            min = Math.min(min, v & ~INTERNAL);
        }
        return min;
    }

    /** Slots held for the application (internal claims left out). */
    public int active() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            long v = slots.get(i * STRIDE);
            if (v != 0 && (v & INTERNAL) == 0) {
                n++;
            }
        }
        for (long v : overflow.values()) {
            if ((v & INTERNAL) == 0) {
                n++;
            }
        }
        return n;
    }
}
