package org.aetherdb.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.uka.ilkd.key.control.KeYEnvironment;
import de.uka.ilkd.key.java.abstraction.KeYJavaType;
import de.uka.ilkd.key.logic.op.IObserverFunction;
import de.uka.ilkd.key.proof.Proof;
import de.uka.ilkd.key.speclang.Contract;
import de.uka.ilkd.key.strategy.StrategyProperties;
import de.uka.ilkd.key.util.KeYTypeUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves every JML contract of {@code aether-core}'s {@code org.aetherdb.format.Kernels} with KeY
 * 2.12.3, headless and fully automatic (KeY's default strategy, method contracts for calls, loop
 * invariants for loops, calls in specifications evaluated by their contracts). The file proven is
 * the engine's own source, copied unchanged into an otherwise empty directory (KeY reads a Java 7
 * subset; the kernel class is written in it). Fails
 * if a proof stays open, if KeY cannot parse the file, or if KeY finds fewer contracts than the
 * file declares.
 *
 * <p>Run: {@code ./mvnw -pl aether-key test}.
 */
class KernelProofTest {
    private static final Path KERNELS = Path.of("org/aetherdb/format/Kernels.java");
    /** compareUnsigned needs about 38,000 steps, find about 27,000 (docs/VERIFICATION.md). */
    private static final int MAX_STEPS = 60_000;

    @Test
    void everyKernelContractIsProven(@TempDir Path tmp) throws Exception {
        Path source = coreSources().resolve(KERNELS);
        Path copy = tmp.resolve(KERNELS);
        Files.createDirectories(copy.getParent());
        Files.copy(source, copy);
        int declared = countContracts(Files.readString(source));

        KeYEnvironment<?> env = KeYEnvironment.load(tmp.toFile(), null, null, null);
        List<String> open = new ArrayList<>();
        int proven = 0;
        try {
            for (KeYJavaType type : env.getJavaInfo().getAllKeYJavaTypes()) {
                if (KeYTypeUtil.isLibraryClass(type)) {
                    continue;
                }
                for (IObserverFunction target : env.getSpecificationRepository().getContractTargets(type)) {
                    for (Contract contract : env.getSpecificationRepository().getContracts(type, target)) {
                        String result = prove(env, contract);
                        System.out.println("KeY: " + result);
                        if (result.startsWith("proved")) {
                            proven++;
                        } else {
                            open.add(result);
                        }
                    }
                }
            }
        } finally {
            env.dispose();
        }
        assertTrue(open.isEmpty(), "KeY left proofs open: " + open);
        assertEquals(declared, proven, "contracts declared in " + source + " vs proven by KeY");
    }

    private static String prove(KeYEnvironment<?> env, Contract contract) throws Exception {
        long t0 = System.nanoTime();
        Proof proof = env.createProof(contract.createProofObl(env.getInitConfig(), contract));
        try {
            StrategyProperties sp = proof.getSettings().getStrategySettings().getActiveStrategyProperties();
            sp.setProperty(StrategyProperties.METHOD_OPTIONS_KEY, StrategyProperties.METHOD_CONTRACT);
            sp.setProperty(StrategyProperties.LOOP_OPTIONS_KEY, StrategyProperties.LOOP_INVARIANT);
            sp.setProperty(StrategyProperties.NON_LIN_ARITH_OPTIONS_KEY, StrategyProperties.NON_LIN_ARITH_DEF_OPS);
            // Calls in specifications (compareUnsigned, commonPrefix) are evaluated with the called
            // method's contract ("query expansion"). The query axiom is off: it replaces each
            // occurrence of a call by a fresh constant defined by a program in the antecedent,
            // where contracts cannot be applied, so two occurrences of the same call lose their
            // equality (with it on, find and compareUnsigned stay open at 40,000 steps).
            sp.setProperty(StrategyProperties.QUERY_OPTIONS_KEY, StrategyProperties.QUERY_ON);
            sp.setProperty(StrategyProperties.QUERYAXIOM_OPTIONS_KEY, StrategyProperties.QUERYAXIOM_OFF);
            proof.getSettings().getStrategySettings().setActiveStrategyProperties(sp);
            proof.getSettings().getStrategySettings().setMaxSteps(MAX_STEPS);
            env.getProofControl().startAndWaitForAutoMode(proof);
            boolean closed = proof.openGoals().isEmpty();
            return (closed ? "proved " : "OPEN ") + contract.getTarget() + " (" + proof.countNodes() + " nodes, "
                    + proof.openGoals().size() + " open goals, " + (System.nanoTime() - t0) / 1_000_000 + " ms)";
        } finally {
            proof.dispose();
        }
    }

    /** JML method specification cases in the file (one KeY contract each). */
    private static int countContracts(String text) {
        Matcher m = Pattern.compile("\\bnormal_behavior\\b").matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        assertTrue(n > 0, "no JML contracts found");
        return n;
    }

    private static Path coreSources() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path src = p.resolve("aether-core/src/main/java");
            if (Files.isDirectory(src)) {
                return src;
            }
        }
        throw new AssertionError("aether-core/src/main/java not found above " + Path.of("").toAbsolutePath());
    }
}
