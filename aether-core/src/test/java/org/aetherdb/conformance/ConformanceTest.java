package org.aetherdb.conformance;

import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import org.aetherdb.Durability;
import org.aetherdb.spec.KvSpec;

/**
 * Conformance of the engine to the executable specification ({@link KvSpec}): jqwik generates
 * random sequences of operations (puts, deletes, batches, gets, cursors both ways with seeks,
 * snapshots, up to three interleaved transactions at both isolation levels, checkpoints, clean
 * reopen, power loss), applies each to the engine on {@code MemFileIO} and to the spec, and
 * compares every result: values, every cursor position, sequence numbers, and whether each
 * transaction commits or conflicts. After every action the whole database must equal the spec's
 * state; after power loss, the recovered state must be one the durability rule allows. A
 * failure is shrunk to a short sequence.
 *
 * <p>Bounds: {@value #DEFAULT_TRIES} sequences of up to {@value #DEFAULT_LENGTH} actions in CI;
 * longer with {@code -Daether.conformance.tries=N -Daether.conformance.length=M}.
 */
class ConformanceTest {
    static final int DEFAULT_TRIES = 200;
    static final int DEFAULT_LENGTH = 120;

    private static final int MAX_OPEN = 3;

    @Property(tries = DEFAULT_TRIES)
    @AddLifecycleHook(ConformanceBudget.class)
    void engineConformsToTheSpec(@ForAll("sequences") ActionChain<Both> chain) {
        chain.withInvariant("engine state equals spec state", Both::sameState).run();
        chain.finalState().ifPresent(Both::close);
    }

    @AfterContainer
    static void report() {
        System.out.printf("conformance: %d actions, %d transaction commits, %d conflicts (all as predicted), %d power losses%n",
                Both.ACTIONS.get(), Both.COMMITS.get(), Both.CONFLICTS.get(), Both.CRASHES.get());
    }

    @Provide
    Arbitrary<ActionChain<Both>> sequences() {
        ActionChainArbitrary<Both> chain = ActionChain.startWith(Both::new)
                .withAction(8, act(Combinators.combine(keys(), values()).as((k, v) -> m("put " + k + " " + v.length, b -> b.put(k, v)))))
                .withAction(3, act(keys().map(k -> m("delete " + k, b -> b.delete(k)))))
                .withAction(3, act(batches().map(ops -> m("batch of " + ops.size(), b -> b.batch(ops)))))
                .withAction(3, act(keys().map(k -> m("get " + k, b -> b.get(k)))))
                .withAction(3, act(scans().map(s -> m("scan " + s, b -> b.scan(s)))))
                .withAction(1, when(b -> b.snaps.size() < MAX_OPEN, Arbitraries.just(m("open snapshot", Both::openSnapshot))))
                .withAction(2, when(b -> !b.snaps.isEmpty(), Combinators.combine(slots(), keys()).as((i, k) -> m("snapshot " + i + " get " + k, b -> b.snapshotGet(i, k)))))
                .withAction(2, when(b -> !b.snaps.isEmpty(), Combinators.combine(slots(), scans()).as((i, s) -> m("snapshot " + i + " scan " + s, b -> b.snapshotScan(i, s)))))
                .withAction(1, when(b -> !b.snaps.isEmpty(), slots().map(i -> m("close snapshot " + i, b -> b.closeSnapshot(i)))))
                .withAction(3, when(b -> b.txs.size() < MAX_OPEN, Arbitraries.of(true, false).map(ser -> m("begin " + (ser ? "SERIALIZABLE" : "SNAPSHOT"), b -> b.begin(ser)))))
                .withAction(4, when(b -> !b.txs.isEmpty(), Combinators.combine(slots(), keys()).as((i, k) -> m("tx " + i + " get " + k, b -> b.txGet(i, k)))))
                .withAction(4, when(b -> !b.txs.isEmpty(), Combinators.combine(slots(), keys(), values()).as((i, k, v) -> m("tx " + i + " put " + k + " " + v.length, b -> b.txPut(i, k, v)))))
                .withAction(1, when(b -> !b.txs.isEmpty(), Combinators.combine(slots(), keys()).as((i, k) -> m("tx " + i + " delete " + k, b -> b.txDelete(i, k)))))
                .withAction(2, when(b -> !b.txs.isEmpty(), Combinators.combine(slots(), scans()).as((i, s) -> m("tx " + i + " scan " + s, b -> b.txScan(i, s)))))
                .withAction(3, when(b -> !b.txs.isEmpty(), slots().map(i -> m("tx " + i + " commit", b -> b.txCommit(i)))))
                .withAction(1, when(b -> !b.txs.isEmpty(), slots().map(i -> m("tx " + i + " rollback", b -> b.txRollback(i)))))
                .withAction(1, act(Arbitraries.just(m("checkpoint", Both::checkpoint))))
                .withAction(1, act(durabilities().map(d -> m("close, verify, reopen " + d, b -> b.reopen(d)))))
                .withAction(1, act(durabilities().map(d -> m("power loss, recover " + d, b -> b.crash(d)))));
        return chain.withMaxTransformations(ConformanceBudget.length());
    }

    private static Transformer<Both> m(String description, java.util.function.Consumer<Both> body) {
        return Transformer.mutate(description, body);
    }

    private static Action.Independent<Both> act(Arbitrary<Transformer<Both>> t) {
        return () -> t;
    }

    private static Action.Independent<Both> when(Predicate<Both> pre, Arbitrary<Transformer<Both>> t) {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(Both b) {
                return pre.test(b);
            }

            @Override
            public Arbitrary<Transformer<Both>> transformer() {
                return t;
            }
        };
    }

    private static Arbitrary<Integer> keys() {
        return Arbitraries.integers().between(0, Gen.KEYS - 1);
    }

    /** Which of the open snapshots or transactions (taken modulo how many are open). */
    private static Arbitrary<Integer> slots() {
        return Arbitraries.integers().between(0, MAX_OPEN - 1);
    }

    /** Sizes that straddle the out-of-line threshold; mostly small so pages hold several. */
    private static Arbitrary<byte[]> values() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 40)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(100, 600)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(Gen.INLINE_LIMIT - 8, Gen.INLINE_LIMIT + 8)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(Gen.INLINE_LIMIT + 9, 6000)));
        return Combinators.combine(size, Arbitraries.integers().between(0, 255)).as(Gen::value);
    }

    private static Arbitrary<List<KvSpec.Op>> batches() {
        Arbitrary<KvSpec.Op> op = Combinators.combine(keys(), values(), Arbitraries.integers().between(0, 3))
                .as((k, v, kind) -> kind == 0 ? KvSpec.Op.delete(Gen.key(k)) : KvSpec.Op.put(Gen.key(k), v));
        return op.list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<Both.Scan> scans() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), keys(), Arbitraries.of(true, false).list().ofMaxSize(12))
                .as(Both.Scan::new);
    }

    private static Arbitrary<Durability> durabilities() {
        return Arbitraries.of(Durability.SYNC, Durability.SYNC, Durability.ASYNC, Durability.NONE);
    }

}
