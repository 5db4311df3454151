package org.aetherdb;

import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the public API under real concurrency (Lincheck's stress mode): the
 * operations of {@link DatabaseOperations} on real threads. Instances share one database
 * ({@link LincheckDb#get()}), each in a key namespace of its own.
 */
public class DatabaseLincheckTest extends DatabaseOperations {
    public DatabaseLincheckTest() {
        super(LincheckDb.get(), LincheckDb.newNamespace());
    }

    @Test
    void stress() {
        new StressOptions().iterations(Lincheck.iterations(3)).invocationsPerIteration(200)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass());
    }
}
