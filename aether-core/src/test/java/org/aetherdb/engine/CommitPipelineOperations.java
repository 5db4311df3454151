package org.aetherdb.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aetherdb.EngineConfigs;

import org.aetherdb.LincheckDb;
import org.aetherdb.Options;
import org.aetherdb.format.Op;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.txn.Isolation;
import org.aetherdb.txn.ReadSet;
import org.aetherdb.txn.Validation;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations and specification of the group commit's Lincheck tests
 * ({@link CommitPipelineLincheckTest}, stress; {@link CommitPipelineModelCheckTest}, model
 * checking): concurrent committers with mixed durability through {@link Engine#commit},
 * linearizable against "a counter and a map". Each commit returns its sequence number, which
 * must be its position in a linearization (numbers consecutive, in the order commits become
 * visible); the published version's number never runs ahead of or behind the commits it
 * contains; a commit is visible to every read that starts after it returned.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:2")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public abstract class CommitPipelineOperations {
    private final Engine e;
    private final int ns;
    private final long base;

    /** Works on keys of namespace {@code ns} of {@code e}, which hold nothing yet. */
    protected CommitPipelineOperations(Engine e, int ns) {
        this.e = e;
        this.ns = ns;
        this.base = e.state().published().seq();
    }

    /** An engine on {@link MemFileIO} (4 KiB pages, no timed checkpoints) with the given environment. */
    static Engine open(String name, Environment env) {
        return Engine.open(Path.of("/mem/" + name), EngineConfigs.of(Options.builder().fileIO(new MemFileIO()).pageSize(4096).walSegmentSize(1 << 20)
                .checkpointInterval(Duration.ZERO).asyncSyncDelay(Duration.ofMillis(1)).build()), env);
    }

    private long commit(int key, int value, SyncMode d) {
        List<Op> m = List.of(Op.put(LincheckDb.key(ns, key), LincheckDb.value(value)));
        return e.commit(m, d, new Validation(base, Isolation.SERIALIZABLE, new ReadSet())) - base;
    }

    @Operation
    public long commitSync(@Param(name = "key") int key, @Param(name = "value") int value) {
        return commit(key, value, SyncMode.SYNC);
    }

    @Operation
    public long commitNone(@Param(name = "key") int key, @Param(name = "value") int value) {
        return commit(key, value, SyncMode.NONE);
    }

    @Operation
    public long commitAsync(@Param(name = "key") int key, @Param(name = "value") int value) {
        return commit(key, value, SyncMode.ASYNC);
    }

    @Operation
    public long published() {
        return e.state().published().seq() - base;
    }

    @Operation
    public Integer get(@Param(name = "key") int key) {
        return LincheckDb.number(e.get(LincheckDb.key(ns, key)));
    }

    /** A counter and a map. */
    public static final class Spec {
        private long seq;
        private final Map<Integer, Integer> map = new HashMap<>();

        private long commit(int key, int value) {
            map.put(key, value);
            return ++seq;
        }

        public long commitSync(int key, int value) {
            return commit(key, value);
        }

        public long commitNone(int key, int value) {
            return commit(key, value);
        }

        public long commitAsync(int key, int value) {
            return commit(key, value);
        }

        public long published() {
            return seq;
        }

        public Integer get(int key) {
            return map.get(key);
        }
    }
}
