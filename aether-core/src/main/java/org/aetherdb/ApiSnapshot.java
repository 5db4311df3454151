package org.aetherdb;

import org.aetherdb.engine.Args;
import org.aetherdb.engine.ReadView;
import org.aetherdb.engine.ViewCursor;
import org.aetherdb.error.EngineException;

/** {@link Snapshot} at the API boundary: a registered engine view, argument checks, errors translated. */
final class ApiSnapshot implements Snapshot {
    private final ReadView view;

    ApiSnapshot(ReadView view) {
        this.view = view;
    }

    @Override
    public byte[] get(byte[] key) {
        Args.key(key);
        try {
            view.checkOpen();
            return view.get(key);
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public Cursor newCursor() {
        try {
            view.checkOpen();
            return new ApiCursor(new ViewCursor(view.cursor(), view, false));
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }

    @Override
    public long sequence() {
        return view.sequence();
    }

    @Override
    public void close() {
        try {
            view.close();
        } catch (EngineException e) {
            throw Errors.api(e);
        }
    }
}
