package org.aetherdb;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The Lincheck budget and the model-checking setup of the engine's tests. Every Lincheck test
 * multiplies its CI iteration count by {@code -Daether.lincheck.scale=N} (default 1) for a long run.
 */
public final class Lincheck {
    private Lincheck() {}

    public static int iterations(int ci) {
        return ci * Integer.getInteger("aether.lincheck.scale", 1);
    }

    /**
     * Model checking of code that runs the engine (the {@code *ModelCheckTest} classes, tagged {@code model-check}, run by
     * the {@code model-check} Surefire execution with {@code -Daether.bytes.plain=true}, see
     * {@link org.aetherdb.format.Bytes}).
     *
     * <p>Model checking explores interleavings by switching threads at shared-memory accesses; a
     * commit makes thousands of them, and a race in the commit protocol needs two switches at
     * exactly the right places, which random exploration over thousands of places rarely hits
     * (measured: a seeded "acknowledge before publish" bug survived 6,000 invocations with every
     * access a switch point, and was found once the code below was atomic). So the code that is
     * not the concurrency protocol runs as one step ({@link #atomicInModel}), and what stays
     * interleaved is the protocol: the public API's objects, {@code engine} (group commit,
     * publication, snapshots, read views), {@code page.ReaderTable} (reader slots) and the
     * transaction classes' use of them. The assumptions this makes are listed in docs/VERIFICATION.md.
     */
    public static ModelCheckingOptions engineModelChecking() {
        if (!Boolean.getBoolean("aether.bytes.plain")) {
            throw new IllegalStateException("model checking of the engine needs -Daether.bytes.plain=true "
                    + "(the model-check Surefire execution sets it): Lincheck cannot run byte-array view VarHandles");
        }
        return new ModelCheckingOptions().addGuarantee(forClasses(Lincheck::atomicInModel).allMethods().treatAsAtomic());
    }

    /**
     * Classes whose methods model checking runs as single steps, and why that is sound:
     * codecs and checksums (pure functions of their arguments); the B-tree, the log, checkpoints
     * and recovery (run by the commit-lock holder, or reading pages no writer changes until the
     * reader slots allow it); {@code MemFileIO} ({@code synchronized}: one step each, like a
     * system call); {@code PageStore}, its allocator and {@code PageCache} (the store and the
     * allocator change under the commit lock; the cache is model-checked on its own in
     * {@code page/PageCacheLincheckTest}); the conflict index (commit lock only) and a
     * transaction's read set (one thread's); the JDK's {@code ConcurrentLinkedQueue} and
     * {@code ReentrantLock} (assumed linearizable) and its list classes (used thread-confined).
     */
    static boolean atomicInModel(String className) {
        for (String p : new String[] {"org.aetherdb.format.", "org.aetherdb.btree.", "org.aetherdb.wal.", "org.aetherdb.checkpoint.",
                "org.aetherdb.recovery.", "org.aetherdb.io.", "org.aetherdb.check.", "org.aetherdb.page.PageStore",
                "org.aetherdb.page.ExtentAllocator", "org.aetherdb.page.PageCache", "org.aetherdb.txn.ConflictIndex",
                "org.aetherdb.txn.ReadSet", "org.aetherdb.txn.Keys", "java.util.concurrent.ConcurrentLinkedQueue",
                "java.util.concurrent.locks.ReentrantLock", "java.util.ArrayList", "java.util.ImmutableCollections"}) {
            if (className.startsWith(p) && !className.endsWith("Test")) {
                return true;
            }
        }
        return false;
    }
}
