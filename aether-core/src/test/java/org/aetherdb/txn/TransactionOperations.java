package org.aetherdb.txn;

import java.util.ArrayList;
import java.util.List;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.IsolationLevel;
import org.aetherdb.LincheckDb;
import org.aetherdb.Transaction;
import org.aetherdb.WriteBatch;
import org.aetherdb.spec.KvSpec;
import org.aetherdb.spec.SpecCursor;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Concurrent SERIALIZABLE transactions (bank transfers through {@code runInTransaction}, with
 * retries on conflict) and read-only audits (by {@code get} and by cursor) must be equivalent to
 * running them one at a time, in an order consistent with real time: Lincheck compares every
 * concurrent history with sequential runs of the executable specification's transactions
 * ({@link KvSpec.Txn}). A lost update, a write skew between the pair rule's two accounts, or an
 * audit that sees half a transfer produces results no sequential run produces.
 *
 * <p>The operations and specification of {@link TransactionLincheckTest} (stress) and
 * {@link TransactionModelCheckTest} (model checking).
 */
@Param(name = "account", gen = IntGen.class, conf = "0:2")
@Param(name = "amount", gen = IntGen.class, conf = "1:6")
public abstract class TransactionOperations {
    static final int ACCOUNTS = 3;
    static final int OPENING = 5;
    /** Enough for any scenario here: each retry needs another commit in between. */
    static final int ATTEMPTS = 50;

    private final AetherDB db;
    private final int ns;

    /** Opens {@link #ACCOUNTS} accounts of {@link #OPENING} each in namespace {@code ns} of {@code db}. */
    protected TransactionOperations(AetherDB db, int ns) {
        this.db = db;
        this.ns = ns;
        WriteBatch b = new WriteBatch();
        for (int a = 0; a < ACCOUNTS; a++) {
            b.put(LincheckDb.key(ns, a), LincheckDb.value(OPENING));
        }
        db.write(b);
    }

    private int balance(Transaction tx, int a) {
        return LincheckDb.number(tx.get(LincheckDb.key(ns, a)));
    }

    /** Moves {@code amount} unless {@code from} would go negative; true when it moved. */
    @Operation
    public boolean transfer(@Param(name = "account") int from, @Param(name = "account") int to, @Param(name = "amount") int amount) {
        return db.runInTransaction(IsolationLevel.SERIALIZABLE, ATTEMPTS, tx -> {
            int f = balance(tx, from);
            if (from == to || f < amount) {
                return false;
            }
            int t = balance(tx, to);
            tx.put(LincheckDb.key(ns, from), LincheckDb.value(f - amount));
            tx.put(LincheckDb.key(ns, to), LincheckDb.value(t + amount));
            return true;
        });
    }

    /**
     * Write-skew trap: takes {@code amount} from {@code a} when the two accounts together hold
     * at least twice {@code amount} (reads both, writes one: write skew at SNAPSHOT).
     */
    @Operation
    public boolean withdrawIfPairCovers(@Param(name = "account") int a, @Param(name = "account") int b, @Param(name = "amount") int amount) {
        return db.runInTransaction(IsolationLevel.SERIALIZABLE, ATTEMPTS, tx -> {
            int x = balance(tx, a);
            int y = a == b ? 0 : balance(tx, b);
            if (x + y < 2 * amount) {
                return false;
            }
            tx.put(LincheckDb.key(ns, a), LincheckDb.value(x - amount));
            return true;
        });
    }

    /** A read-only transaction reading every balance. */
    @Operation
    public List<Integer> audit() {
        try (Transaction tx = db.begin()) {
            List<Integer> out = new ArrayList<>();
            for (int a = 0; a < ACCOUNTS; a++) {
                out.add(balance(tx, a));
            }
            tx.commit();
            return out;
        }
    }

    /** A read-only transaction summing by cursor. */
    @Operation
    public int auditByCursor() {
        try (Transaction tx = db.begin(); Cursor c = tx.newCursor()) {
            int sum = 0;
            c.seek(LincheckDb.key(ns, 0));
            for (int a = 0; a < ACCOUNTS && c.isValid(); a++, c.next()) {
                sum += LincheckDb.number(c.value());
            }
            return sum;
        }
    }

    /** The sequential specification: the same transactions on {@link KvSpec}, one at a time. */
    public static final class Spec {
        private final KvSpec spec = new KvSpec();

        public Spec() {
            List<KvSpec.Op> ops = new ArrayList<>();
            for (int a = 0; a < ACCOUNTS; a++) {
                ops.add(KvSpec.Op.put(new byte[] {(byte) a}, LincheckDb.value(OPENING)));
            }
            spec.write(ops, KvSpec.Durability.SYNC);
        }

        private static int balance(KvSpec.Txn tx, int a) {
            return LincheckDb.number(tx.get(new byte[] {(byte) a}));
        }

        public boolean transfer(int from, int to, int amount) {
            KvSpec.Txn tx = spec.begin(KvSpec.Isolation.SERIALIZABLE);
            int f = balance(tx, from);
            if (from == to || f < amount) {
                return false;
            }
            int t = balance(tx, to);
            tx.put(new byte[] {(byte) from}, LincheckDb.value(f - amount));
            tx.put(new byte[] {(byte) to}, LincheckDb.value(t + amount));
            tx.commit(KvSpec.Durability.SYNC);
            return true;
        }

        public boolean withdrawIfPairCovers(int a, int b, int amount) {
            KvSpec.Txn tx = spec.begin(KvSpec.Isolation.SERIALIZABLE);
            int x = balance(tx, a);
            int y = a == b ? 0 : balance(tx, b);
            if (x + y < 2 * amount) {
                return false;
            }
            tx.put(new byte[] {(byte) a}, LincheckDb.value(x - amount));
            tx.commit(KvSpec.Durability.SYNC);
            return true;
        }

        public List<Integer> audit() {
            KvSpec.Txn tx = spec.begin(KvSpec.Isolation.SERIALIZABLE);
            List<Integer> out = new ArrayList<>();
            for (int a = 0; a < ACCOUNTS; a++) {
                out.add(balance(tx, a));
            }
            return out;
        }

        public int auditByCursor() {
            SpecCursor c = spec.begin(KvSpec.Isolation.SERIALIZABLE).cursor();
            int sum = 0;
            c.seekToFirst();
            for (int a = 0; a < ACCOUNTS && c.isValid(); a++, c.next()) {
                sum += LincheckDb.number(c.value());
            }
            return sum;
        }
    }
}
