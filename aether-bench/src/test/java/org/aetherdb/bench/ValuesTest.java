package org.aetherdb.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Defect 2: values are a function of key and seed, and anything else read back is caught. */
class ValuesTest {
    private final Values small = new Values(4096, 1024, BenchChild.VALUE_SEED);
    private final Values large = new Values(1 << 20, 16, BenchChild.VALUE_SEED);

    @Test
    void theValueWrittenMatchesAndIsTheSameEveryTime() {
        byte[] k = BenchChild.randomKey(42, 7);
        assertTrue(small.matches(k, small.of(k)));
        assertArrayEquals(small.of(k), new Values(4096, 1024, BenchChild.VALUE_SEED).of(k));
        assertTrue(large.matches(k, large.of(k)));
    }

    @Test
    void anotherKeysValueATruncatedOneOrOneFlippedByteIsCaught() {
        byte[] k = BenchChild.randomKey(1, 7);
        byte[] other = small.of(BenchChild.randomKey(2, 7));
        assertFalse(small.matches(k, other), "stamped values differ for every key");
        byte[] v = small.of(k);
        assertFalse(small.matches(k, Arrays.copyOf(v, 4095)));
        v[4000] ^= 1;
        assertFalse(small.matches(k, v));
        assertFalse(small.matches(k, null));
        byte[] big = large.of(k).clone();
        big[big.length - 1] ^= 1;
        assertFalse(large.matches(k, big));
    }

    @Test
    void generationsOfOneKeyDiffer() {
        byte[] k = BenchChild.randomKey(3, 7);
        int differing = 0;
        for (int g = 1; g < 20; g++) {
            if (!small.matches(k, 0, small.of(k, g))) {
                differing++;
            }
        }
        assertTrue(differing >= 17, "a stale generation is caught (pool of 1024: rarely the same slot): " + differing);
    }

    @Test
    void checkNamesTheEngine() {
        byte[] k = BenchChild.randomKey(5, 7);
        Values.WrongValueException e = assertThrows(Values.WrongValueException.class,
                () -> small.check("fakedb", "random read", k, new byte[4096]));
        assertTrue(e.getMessage().startsWith("fakedb: random read returned a wrong value"), e.getMessage());
    }

    @Test
    void compressibleValuesShrinkToAboutHalf() {
        Values c = new Values(4096, 16, BenchChild.VALUE_SEED, true);
        byte[] v = c.of(BenchChild.randomKey(9, 7));
        Deflater d = new Deflater(1);
        d.setInput(v);
        d.finish();
        int n = d.deflate(new byte[8192]);
        assertTrue(n > 1800 && n < 2600, "compressed to " + n);
    }
}
