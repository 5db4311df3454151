package org.aetherdb;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.aetherdb.engine.Environment;
import org.aetherdb.io.MemFileIO;

/**
 * The database the Lincheck tests share. Lincheck builds a fresh test instance for every
 * invocation (many thousands) and has no per-invocation teardown, so instead of opening a
 * database per instance (a background thread each) every instance works in its own key
 * namespace (a 4-byte prefix) of one database on {@link MemFileIO}; instances never run at the
 * same time, so each sees exactly the state it built.
 */
public final class LincheckDb {
    private static AetherDB db;
    private static int nextNamespace;

    private LincheckDb() {}

    /** The shared database (opened on first use: SYNC commits on {@code MemFileIO}, 4 KiB pages). */
    public static synchronized AetherDB get() {
        if (db == null) {
            MemFileIO fs = new MemFileIO();
            db = AetherDB.open(Path.of("/mem/lincheck"), Options.builder().fileIO(fs).pageSize(4096).walSegmentSize(1 << 20)
                    .checkpointInterval(Duration.ZERO).cacheSize(8L << 20).build());
        }
        return db;
    }

    /**
     * A new, empty database for one model-checking invocation: model checking replays the same
     * scenario under many interleavings and needs each to start from the same state, and a
     * background thread it does not schedule could hold the commit lock where it cannot see. So:
     * {@link MemFileIO}, SYNC commits, 4 KiB pages, and an environment with a stopped clock, fixed
     * salts and a background worker that never runs (nothing here needs it: no ASYNC commits,
     * no timed checkpoints). Never closed; the garbage collector takes it.
     */
    public static AetherDB fresh() {
        return SimAccess.open(Path.of("/mem/model-check"), Options.builder().fileIO(new MemFileIO()).pageSize(4096)
                .walSegmentSize(1 << 20).checkpointInterval(Duration.ZERO).cacheSize(1L << 20).build(), NO_BACKGROUND);
    }

    /** No threads, no time, no randomness: for engines under model checking. */
    public static final Environment NO_BACKGROUND = new Environment() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long newSalt() {
            return 0x5EED;
        }

        @Override
        public Worker startWorker(String name, long periodNanos, Step step) {
            return new Worker() {
                @Override
                public void wake() {}

                @Override
                public void stop() {}
            };
        }
    };

    /** A namespace no earlier instance used. */
    public static synchronized int newNamespace() {
        return nextNamespace++;
    }

    /** Key {@code k} in namespace {@code ns}: 4 bytes of namespace, then one byte. */
    public static byte[] key(int ns, int k) {
        return ByteBuffer.allocate(5).putInt(ns).put((byte) k).array();
    }

    public static byte[] value(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    public static Integer number(byte[] v) {
        return v == null ? null : ByteBuffer.wrap(v).getInt();
    }
}
