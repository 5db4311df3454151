package org.aetherdb.txn;

import org.aetherdb.Lincheck;
import org.aetherdb.LincheckDb;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Serializability of concurrent transactions on real threads (Lincheck's stress mode): the
 * operations of {@link TransactionOperations}, every instance in a key namespace of its own on
 * the shared database ({@link LincheckDb#get()}).
 */
public class TransactionLincheckTest extends TransactionOperations {
    public TransactionLincheckTest() {
        super(LincheckDb.get(), LincheckDb.newNamespace());
    }

    @Test
    void stress() {
        new StressOptions().iterations(Lincheck.iterations(3)).invocationsPerIteration(200)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass());
    }
}
