package org.aetherdb.engine;

import org.aetherdb.Lincheck;
import org.aetherdb.LincheckDb;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The group commit under real concurrency (Lincheck's stress mode): the operations of
 * {@link CommitPipelineOperations} on real threads, on one engine shared by every instance (each
 * in a key namespace of its own) whose background thread forces the ASYNC commits.
 */
public class CommitPipelineLincheckTest extends CommitPipelineOperations {
    private static Engine shared;

    private static synchronized Engine shared() {
        if (shared == null) {
            shared = open("pipeline", Environment.REAL);
        }
        return shared;
    }

    public CommitPipelineLincheckTest() {
        super(shared(), LincheckDb.newNamespace());
    }

    @Test
    void stress() {
        new StressOptions().iterations(Lincheck.iterations(3)).invocationsPerIteration(200)
                .threads(3).actorsPerThread(3).sequentialSpecification(Spec.class).check(getClass());
    }
}
