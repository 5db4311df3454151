package org.aetherdb.state;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aetherdb.error.ClosedException;
import org.aetherdb.format.Superblock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the commit pipeline, the checkpointer and the readers share: the published version, the
 * durable checkpoint, the failure that stopped writes, and whether the engine is closing. Each
 * part has one writer: the commit leader publishes versions, the checkpointer replaces the
 * durable superblock, the first failure wins, close sets the flags.
 *
 * <p>Invariants: (1) the published version only moves forward (its sequence grows by one per
 * commit); (2) the durable superblock's sequence never exceeds the published one; (3) once set,
 * {@link #failure()} never changes: the engine accepts no writes until reopened; (4) {@link
 * #closing()} becomes true before {@link #closed()}, and neither is ever reset.
 */
public final class EngineState {
    private static final Logger LOG = LoggerFactory.getLogger(EngineState.class);

    private final Path dir;
    private volatile Version published;
    private volatile Superblock durable;
    private volatile Throwable failure;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    public EngineState(Path dir, Version published, Superblock durable) {
        this.dir = dir;
        this.published = published;
        this.durable = durable;
    }

    /** The database directory, for messages. */
    public Path dir() {
        return dir;
    }

    public Version published() {
        return published;
    }

    /** Called by the commit leader, under the commit lock, after the version's records are written. */
    public void publish(Version v) {
        published = v;
    }

    public Superblock durable() {
        return durable;
    }

    /** Called by the checkpointer once {@code sb} is forced. */
    public void durable(Superblock sb) {
        durable = sb;
    }

    /** The I/O failure that stopped writes, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Records the first I/O failure; later ones are dropped (the first is the cause). */
    public void fail(Throwable t) {
        if (failure == null) {
            failure = t;
            LOG.error("{}: I/O failure; no more writes are accepted until the database is reopened", dir, t);
        }
    }

    /** True once close began: the pipeline accepts no new groups. */
    public boolean closing() {
        return closing.get();
    }

    /** Starts closing; false when it had already started (close is idempotent). */
    public boolean beginClose() {
        return closing.compareAndSet(false, true);
    }

    public boolean closed() {
        return closed;
    }

    public void markClosed() {
        closing.set(true);
        closed = true;
    }

    /** @throws ClosedException after close */
    public void checkOpen() {
        if (closed) {
            throw new ClosedException("database " + dir + " is closed");
        }
    }
}
