package org.aetherdb.txn;

import org.aetherdb.Lincheck;
import org.aetherdb.LincheckDb;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Serializability of concurrent transactions under Lincheck's model checking: the operations of
 * {@link TransactionOperations} on a fresh database per invocation ({@link LincheckDb#fresh()}),
 * every interleaving Lincheck explores of the engine's commit protocol (setup and bounds:
 * {@link Lincheck#engineModelChecking()}, docs/VERIFICATION.md).
 */
@Tag("model-check")
public class TransactionModelCheckTest extends TransactionOperations {
    public TransactionModelCheckTest() {
        super(LincheckDb.fresh(), 0);
    }

    @Test
    void modelCheck() {
        Lincheck.engineModelChecking().iterations(Lincheck.iterations(30)).invocationsPerIteration(300)
                .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(1).sequentialSpecification(Spec.class).check(getClass());
    }
}
