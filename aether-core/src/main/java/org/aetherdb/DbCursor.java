package org.aetherdb;

import org.aetherdb.btree.TreeCursor;
import org.aetherdb.engine.ReadView;

/** The public cursor: argument and lifetime checks around an engine cursor. */
final class DbCursor implements Cursor {
    private final TreeCursor inner;
    private final ReadView view;
    private final boolean ownsView;
    /** Extra liveness check: a transaction's cursor dies with the transaction. */
    private final Runnable owner;
    private boolean closed;

    DbCursor(TreeCursor inner, ReadView view, boolean ownsView) {
        this(inner, view, ownsView, () -> { });
    }

    DbCursor(TreeCursor inner, ReadView view, boolean ownsView, Runnable owner) {
        this.inner = inner;
        this.view = view;
        this.ownsView = ownsView;
        this.owner = owner;
    }

    private void checkOpen() {
        if (closed) {
            throw new DatabaseClosedException("cursor is closed");
        }
        view.checkOpen(); // a closed transaction or snapshot: DatabaseClosedException
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
