package org.aetherdb;

import org.aetherdb.engine.ReadView;

/** The public snapshot: a registered engine view plus argument checks. */
final class DbSnapshot implements Snapshot {
    private final ReadView view;

    DbSnapshot(ReadView view, AetherDB db) {
        this.view = view;
    }

    @Override
    public byte[] get(byte[] key) {
        Args.key(key);
        view.checkOpen();
        return view.get(key);
    }

    @Override
    public Cursor newCursor() {
        view.checkOpen();
        return new DbCursor(view.cursor(), view, false);
    }

    @Override
    public long sequence() {
        return view.sequence();
    }

    @Override
    public void close() {
        view.close();
    }
}
