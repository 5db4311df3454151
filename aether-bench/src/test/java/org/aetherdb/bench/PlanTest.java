package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Defect 6: the engine order rotates from run to run, so no engine always runs first. */
class PlanTest {
    private static final List<String> ENGINES = List.of("aetherdb", "rocksdb", "lmdb", "xodus", "mvstore", "je");

    @Test
    void writeRoundsRotateTheEngineOrder() {
        List<String[]> groups = Plan.groups(List.of("randwrite"), List.of("nosync"), 5, false);
        List<Plan.Step> steps = Plan.steps(groups, g -> ENGINES, 5);
        assertEquals(30, steps.size());
        Set<String> firsts = new HashSet<>();
        for (int r = 0; r < 5; r++) {
            List<Plan.Step> round = steps.subList(r * 6, r * 6 + 6);
            round.forEach(s -> assertTrue(s.round() == round.get(0).round()));
            assertEquals(Set.copyOf(ENGINES), new HashSet<>(round.stream().map(Plan.Step::engine).toList()), "each round runs every engine once");
            firsts.add(round.get(0).engine());
        }
        assertEquals(5, firsts.size(), "five rounds, five different first engines: " + firsts);
    }

    @Test
    void overAWholePlanEveryEngineRunsFirstAndLast() {
        List<String[]> groups = Plan.groups(List.of("randwrite", "randread", "seqwrite", "seqread", "lookup", "scan", "idle"),
                List.of("sync", "nosync"), 5, true);
        List<Plan.Step> steps = Plan.steps(groups, g -> ENGINES, 5);
        Map<String, Integer> first = new HashMap<>();
        String prev = null;
        for (int i = 0; i < steps.size(); i++) {
            Plan.Step s = steps.get(i);
            String label = s.group() + s.durability() + s.round();
            if (!label.equals(prev)) {
                first.merge(s.engine(), 1, Integer::sum);
            }
            prev = label;
        }
        assertEquals(Set.copyOf(ENGINES), first.keySet(), "every engine leads some group: " + first);
        assertTrue(first.values().stream().allMatch(n -> n <= 6), "no engine leads much more often than the others: " + first);
    }

    @Test
    void fsyncCountingJoinsOnlyWhenSyncWritesRunAndStraceIsThere() {
        assertTrue(Plan.groups(List.of("randwrite"), List.of("sync"), 1, true).stream().anyMatch(g -> g[0].equals("fsynccount")));
        assertTrue(Plan.groups(List.of("randwrite"), List.of("sync"), 1, false).stream().noneMatch(g -> g[0].equals("fsynccount")));
        assertTrue(Plan.groups(List.of("randread"), List.of("sync"), 1, true).stream().noneMatch(g -> g[0].equals("fsynccount")));
    }
}
