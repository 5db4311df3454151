package org.aetherdb;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the public API under Lincheck's model checking: the operations of
 * {@link DatabaseOperations} on a fresh database per invocation ({@link LincheckDb#fresh()}),
 * every interleaving Lincheck explores of the engine's commit and read protocols (setup and
 * bounds: {@link Lincheck#engineModelChecking()}, docs/VERIFICATION.md).
 */
@Tag("model-check")
public class DatabaseModelCheckTest extends DatabaseOperations {
    public DatabaseModelCheckTest() {
        super(LincheckDb.fresh(), 0);
    }

    @Test
    void modelCheck() {
        Lincheck.engineModelChecking().iterations(Lincheck.iterations(3)).invocationsPerIteration(1000)
                .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass());
    }
}
