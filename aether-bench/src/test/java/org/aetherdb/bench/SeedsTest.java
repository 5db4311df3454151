package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Defect 1: the warm-up and every measured run (and thread, and round) draw different key sequences. */
class SeedsTest {
    private static final List<String> STREAMS = List.of("random_read_4k_1t", "random_read_4k_2t", "random_write_4k_nosync",
            "point_lookup", "range_scan_100", "mixed", "random_read_4k_cold");

    @Test
    void warmUpRunsThreadsAndRoundsGetDistinctSeeds() {
        Set<Long> seen = new HashSet<>();
        int count = 0;
        for (String s : STREAMS) {
            for (int round = 0; round < 5; round++) {
                for (int run = -1; run < 5; run++) {
                    for (int t = 0; t < 8; t++) {
                        seen.add(BenchChild.seed(s, round, run, t));
                        count++;
                    }
                }
            }
        }
        assertEquals(count, seen.size(), "every (stream, round, run, thread) has its own seed");
    }

    @Test
    void theFirstKeysOfTheWarmUpAreNotTheFirstKeysOfARun() {
        for (int run = 0; run < 5; run++) {
            SplittableRandom warm = new SplittableRandom(BenchChild.seed("random_read_4k_1t", 0, -1, 0));
            SplittableRandom measured = new SplittableRandom(BenchChild.seed("random_read_4k_1t", 0, run, 0));
            int same = 0;
            for (int i = 0; i < 1000; i++) {
                if (warm.nextInt(100_000) == measured.nextInt(100_000)) {
                    same++;
                }
            }
            assertNotEquals(1000, same);
            assertEquals(0, same, 2, "two independent sequences agree about 1 in 100,000 draws");
        }
    }
}
