package org.aetherdb.engine;

import org.aetherdb.Lincheck;
import org.aetherdb.LincheckDb;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The group commit under Lincheck's model checking: the operations of
 * {@link CommitPipelineOperations} on a fresh engine per invocation, with no background thread
 * ({@link LincheckDb#NO_BACKGROUND}: ASYNC commits are written and published, not forced, which
 * nothing here observes). Setup and bounds: {@link Lincheck#engineModelChecking()}.
 */
@Tag("model-check")
public class CommitPipelineModelCheckTest extends CommitPipelineOperations {
    public CommitPipelineModelCheckTest() {
        super(open("pipeline-model-check", LincheckDb.NO_BACKGROUND), 0);
    }

    @Test
    void modelCheck() {
        Lincheck.engineModelChecking().iterations(Lincheck.iterations(3)).invocationsPerIteration(2000)
                .threads(2).actorsPerThread(2).sequentialSpecification(Spec.class).check(getClass());
    }
}
