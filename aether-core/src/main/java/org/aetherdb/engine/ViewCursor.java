package org.aetherdb.engine;

import org.aetherdb.btree.TreeCursor;
import org.aetherdb.error.ClosedException;

/**
 * A cursor as the API hands it out: argument and lifetime checks around a tree cursor. Invariant:
 * every call first checks that the cursor, its view and (for a transaction's cursor) its
 * transaction are still open, so a cursor never reads a version whose pages may be reused.
 */
public final class ViewCursor implements TreeCursor, AutoCloseable {
    private final TreeCursor inner;
    private final ReadView view;
    private final boolean ownsView;
    /** Extra liveness check: a transaction's cursor dies with the transaction. */
    private final Runnable owner;
    private boolean closed;

    public ViewCursor(TreeCursor inner, ReadView view, boolean ownsView) {
        this(inner, view, ownsView, () -> { });
    }

    public ViewCursor(TreeCursor inner, ReadView view, boolean ownsView, Runnable owner) {
        this.inner = inner;
        this.view = view;
        this.ownsView = ownsView;
        this.owner = owner;
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedException("cursor is closed");
        }
        view.checkOpen(); // a closed transaction or snapshot: ClosedException
        owner.run();      // a committed or rolled-back transaction: IllegalStateException
    }

    private void checkValid() {
        checkOpen();
        if (!inner.isValid()) {
            throw new IllegalStateException("cursor is not positioned at an entry");
        }
    }

    @Override
    public void seekToFirst() {
        checkOpen();
        inner.seekToFirst();
    }

    @Override
    public void seekToLast() {
        checkOpen();
        inner.seekToLast();
    }

    @Override
    public void seek(byte[] key) {
        Args.key(key);
        checkOpen();
        inner.seek(key);
    }

    @Override
    public void seekForPrev(byte[] key) {
        Args.key(key);
        checkOpen();
        inner.seekForPrev(key);
    }

    @Override
    public boolean isValid() {
        checkOpen();
        return inner.isValid();
    }

    @Override
    public void next() {
        checkValid();
        inner.next();
    }

    @Override
    public void prev() {
        checkValid();
        inner.prev();
    }

    @Override
    public byte[] key() {
        checkValid();
        return inner.key();
    }

    @Override
    public byte[] value() {
        checkValid();
        return inner.value();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ownsView) {
                view.close();
            }
        }
    }
}
