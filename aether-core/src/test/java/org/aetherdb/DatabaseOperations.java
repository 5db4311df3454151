package org.aetherdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aetherdb.spec.KvSpec;
import org.aetherdb.spec.SpecCursor;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The operations and sequential specification of the public API's Lincheck tests
 * ({@link DatabaseLincheckTest}, stress; {@link DatabaseModelCheckTest}, model checking):
 * concurrent {@code put}, {@code get}, {@code delete}, atomic two-key batches, snapshot reads of
 * two keys, cursor scans in both directions, and single-write transactions whose commit sequence
 * numbers (relative to the instance's start) must be exactly the position of the commit in a
 * linearization, which checks the group commit (engine/CommitPipeline) assigns numbers in
 * visibility order. Every concurrent history must equal some sequential run of the executable
 * specification ({@link KvSpec}) that respects real-time order.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:3")
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public abstract class DatabaseOperations {
    private final AetherDB db;
    private final int ns;
    private final long base;

    /** Works on keys of namespace {@code ns} of {@code db}, which hold nothing yet. */
    protected DatabaseOperations(AetherDB db, int ns) {
        this.db = db;
        this.ns = ns;
        try (Snapshot s = db.snapshot()) {
            base = s.sequence();
        }
    }

    private byte[] k(int key) {
        return LincheckDb.key(ns, key);
    }

    @Operation
    public void put(@Param(name = "key") int key, @Param(name = "value") int value) {
        db.put(k(key), LincheckDb.value(value));
    }

    @Operation
    public Integer get(@Param(name = "key") int key) {
        return LincheckDb.number(db.get(k(key)));
    }

    @Operation
    public void delete(@Param(name = "key") int key) {
        db.delete(k(key));
    }

    /** Two keys, one value, one atomic batch. */
    @Operation
    public void putBoth(@Param(name = "key") int a, @Param(name = "key") int b, @Param(name = "value") int value) {
        db.write(new WriteBatch().put(k(a), LincheckDb.value(value)).put(k(b), LincheckDb.value(value)));
    }

    /** Both keys from one snapshot: a torn view shows up as a pair no sequential run produces. */
    @Operation
    public List<Integer> snapshotPair(@Param(name = "key") int a, @Param(name = "key") int b) {
        try (Snapshot s = db.snapshot()) {
            return Arrays.asList(LincheckDb.number(s.get(k(a))), LincheckDb.number(s.get(k(b))));
        }
    }

    /** Every key and value of the namespace, in order. */
    @Operation
    public List<Integer> scanForward() {
        List<Integer> out = new ArrayList<>();
        try (Cursor c = db.newCursor()) {
            for (c.seek(k(0)); c.isValid() && Arrays.equals(c.key(), 0, 4, k(0), 0, 4); c.next()) {
                out.add((int) c.key()[4]);
                out.add(LincheckDb.number(c.value()));
            }
        }
        return out;
    }

    /** The same, from the last key backwards. */
    @Operation
    public List<Integer> scanBackward() {
        List<Integer> out = new ArrayList<>();
        try (Cursor c = db.newCursor()) {
            for (c.seekForPrev(k(127)); c.isValid() && Arrays.equals(c.key(), 0, 4, k(0), 0, 4); c.prev()) {
                out.add((int) c.key()[4]);
                out.add(LincheckDb.number(c.value()));
            }
        }
        return out;
    }

    /** A blind single-write transaction: its commit sequence number relative to the start. */
    @Operation
    public long putInTransaction(@Param(name = "key") int key, @Param(name = "value") int value) {
        try (Transaction tx = db.begin()) {
            tx.put(k(key), LincheckDb.value(value));
            tx.commit();
            return tx.commitSequence() - base;
        }
    }

    /** The sequential specification: the same operations on {@link KvSpec}. */
    public static final class Spec {
        private final KvSpec spec = new KvSpec();

        private static byte[] k(int key) {
            return new byte[] {(byte) key};
        }

        public void put(int key, int value) {
            spec.put(k(key), LincheckDb.value(value), KvSpec.Durability.SYNC);
        }

        public Integer get(int key) {
            return LincheckDb.number(spec.get(k(key)));
        }

        public void delete(int key) {
            spec.delete(k(key), KvSpec.Durability.SYNC);
        }

        public void putBoth(int a, int b, int value) {
            spec.write(List.of(KvSpec.Op.put(k(a), LincheckDb.value(value)), KvSpec.Op.put(k(b), LincheckDb.value(value))),
                    KvSpec.Durability.SYNC);
        }

        public List<Integer> snapshotPair(int a, int b) {
            KvSpec.Snapshot s = spec.snapshot();
            return Arrays.asList(LincheckDb.number(s.get(k(a))), LincheckDb.number(s.get(k(b))));
        }

        public List<Integer> scanForward() {
            List<Integer> out = new ArrayList<>();
            SpecCursor c = spec.cursor();
            for (c.seekToFirst(); c.isValid(); c.next()) {
                out.add((int) c.key()[0]);
                out.add(LincheckDb.number(c.value()));
            }
            return out;
        }

        public List<Integer> scanBackward() {
            List<Integer> out = new ArrayList<>();
            SpecCursor c = spec.cursor();
            for (c.seekToLast(); c.isValid(); c.prev()) {
                out.add((int) c.key()[0]);
                out.add(LincheckDb.number(c.value()));
            }
            return out;
        }

        public long putInTransaction(int key, int value) {
            KvSpec.Txn tx = spec.begin(KvSpec.Isolation.SERIALIZABLE);
            tx.put(k(key), LincheckDb.value(value));
            return tx.commit(KvSpec.Durability.SYNC);
        }
    }
}
