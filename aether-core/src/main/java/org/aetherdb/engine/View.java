package org.aetherdb.engine;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aetherdb.error.ClosedException;
import org.aetherdb.btree.TreeCursor;
import org.aetherdb.btree.TreeCursorImpl;
import org.aetherdb.format.StoredValue;
import org.aetherdb.state.Version;
import org.aetherdb.page.ReaderTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registered version held by a snapshot, cursor or transaction. The registration keeps the
 * pages of the version from reuse; a view that is garbage-collected unclosed is released by a
 * {@link Cleaner} and reported, so a leak costs space only until the next GC.
 */
final class View implements ReadView {
    private static final Logger LOG = LoggerFactory.getLogger(View.class);
    private static final Cleaner CLEANER = Cleaner.create();

    /** What the cleaner needs; must not refer to the view. */
    private static final class Registration implements Runnable {
        final ReaderTable readers;
        final int slot;
        final AtomicBoolean released = new AtomicBoolean();
        final long seq;

        Registration(ReaderTable readers, int slot, long seq) {
            this.readers = readers;
            this.slot = slot;
            this.seq = seq;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                readers.release(slot);
                LOG.warn("a snapshot, cursor or transaction at sequence {} was not closed; released by the garbage collector", seq);
            }
        }

        void close() {
            if (released.compareAndSet(false, true)) {
                readers.release(slot);
            }
        }
    }

    private final Engine engine;
    private final Version version;
    private final Registration registration;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    View(Engine engine, Version version, ReaderTable readers, int slot) {
        this.engine = engine;
        this.version = version;
        this.registration = new Registration(readers, slot, version.seq());
        this.cleanable = CLEANER.register(this, registration);
    }

    /** How {@code key}'s value is stored in this version (for the collector), or null. */
    StoredValue stored(byte[] key) {
        return engine.stored(version, key);
    }

    @Override
    public byte[] get(byte[] key) {
        checkOpen();
        try {
            return engine.read(version, key);
        } finally {
            // Keep this view (and so its reader registration) alive until the read is done: the
            // Cleaner of a leaked snapshot must not release the slot in the middle of a read.
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    @Override
    public TreeCursor cursor() {
        checkOpen();
        return new TreeCursorImpl(engine.store(), version.root());
    }

    @Override
    public long sequence() {
        return version.seq();
    }

    @Override
    public void checkOpen() {
        if (closed) {
            throw new ClosedException("snapshot is closed");
        }
        engine.checkOpen();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            registration.close();
            cleanable.clean();
        }
    }
}
