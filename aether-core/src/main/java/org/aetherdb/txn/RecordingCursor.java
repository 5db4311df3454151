package org.aetherdb.txn;

import org.aetherdb.btree.TreeCursor;

/**
 * Records, for a SERIALIZABLE transaction, the key ranges a cursor has swept: every seek starts a
 * range at its target, and every step widens it to the key reached, or to the end of the key
 * space when the cursor runs off it. The ranges cover every key whose absence the cursor could
 * have observed, so a later insert there is a phantom the commit validation catches. The read set
 * is current after every call: the transaction may commit without closing the cursor.
 */
public final class RecordingCursor implements TreeCursor {
    private final TreeCursor inner;
    private final ReadSet reads;
    private ReadSet.Range range;

    public RecordingCursor(TreeCursor inner, ReadSet reads) {
        this.inner = inner;
        this.reads = reads;
    }

    /** Widens the current range to the cursor's position, or to the end it ran off. */
    private void reach(boolean forward) {
        if (inner.isValid()) {
            range.include(inner.key());
        } else if (forward) {
            range.unboundHigh();
        } else {
            range.unboundLow();
        }
    }

    @Override
    public void seekToFirst() {
        inner.seekToFirst();
        range = reads.range(null, inner.isValid() ? inner.key() : null);
        reach(true);
    }

    @Override
    public void seekToLast() {
        inner.seekToLast();
        range = reads.range(inner.isValid() ? inner.key() : null, null);
        reach(false);
    }

    @Override
    public void seek(byte[] key) {
        inner.seek(key);
        range = reads.range(key, key);
        reach(true);
    }

    @Override
    public void seekForPrev(byte[] key) {
        inner.seekForPrev(key);
        range = reads.range(key, key);
        reach(false);
    }

    @Override
    public boolean isValid() {
        return inner.isValid();
    }

    @Override
    public void next() {
        inner.next();
        reach(true);
    }

    @Override
    public void prev() {
        inner.prev();
        reach(false);
    }

    @Override
    public byte[] key() {
        return inner.key();
    }

    @Override
    public byte[] value() {
        return inner.value();
    }
}
