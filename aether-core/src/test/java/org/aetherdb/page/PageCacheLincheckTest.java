package org.aetherdb.page;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Queue;
import org.aetherdb.Lincheck;
import org.aetherdb.btree.Leaf;
import org.aetherdb.btree.Node;
import org.aetherdb.format.Inline;
import org.aetherdb.format.StoredValue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * {@link PageCache} under concurrency. With a budget it never exceeds, it must behave as a
 * linearizable map from page address to (checksum, page): {@code get} returns the page last put
 * for that address when the checksum matches, null otherwise (a page rewritten at a reused
 * address must never be returned for the new checksum). With a budget of about two pages, the
 * CLOCK eviction runs in every operation; then, once the threads are done, the byte count must
 * equal the sum of the cached pages' weights, stay within the budget, and every cached address
 * must still be on the clock (else it could never be evicted).
 */
public class PageCacheLincheckTest {
    private static final Node[] PAGES = new Node[8];

    static {
        for (int i = 0; i < PAGES.length; i++) {
            PAGES[i] = new Leaf(new byte[][] {{(byte) i}}, new StoredValue[] {new Inline(new byte[10 + i])});
        }
    }

    /** Which page was put, by index: put(addr, sum) stores PAGES[addr + sum]. */
    static int id(Node n) {
        for (int i = 0; i < PAGES.length; i++) {
            if (PAGES[i] == n) {
                return i;
            }
        }
        return -1;
    }

    /** Linearizable as a map: the budget is never reached. */
    @Param(name = "addr", gen = IntGen.class, conf = "1:3")
    @Param(name = "sum", gen = IntGen.class, conf = "1:2")
    public static class AsMap {
        final PageCache cache = new PageCache(1 << 20);

        @Operation
        public void put(@Param(name = "addr") int addr, @Param(name = "sum") int sum) {
            cache.put(addr, sum, PAGES[addr + sum]);
        }

        @Operation
        public Integer get(@Param(name = "addr") int addr, @Param(name = "sum") int sum) {
            Node n = cache.get(addr, sum);
            return n == null ? null : id(n);
        }
    }

    /** The sequential specification of {@link AsMap}. */
    public static class MapSpec {
        private final java.util.HashMap<Integer, int[]> map = new java.util.HashMap<>();

        public void put(int addr, int sum) {
            map.put(addr, new int[] {sum, addr + sum});
        }

        public Integer get(int addr, int sum) {
            int[] e = map.get(addr);
            return e == null || e[0] != sum ? null : e[1];
        }
    }

    /** Eviction in every operation; checked by {@link #accounting()} after each run. */
    @Param(name = "addr", gen = IntGen.class, conf = "1:3")
    @Param(name = "sum", gen = IntGen.class, conf = "1:2")
    public static class Evicting {
        final long budget = 2 * PageCache.weigh(PAGES[7]);
        final PageCache cache = new PageCache(budget);

        @Operation
        public void put(@Param(name = "addr") int addr, @Param(name = "sum") int sum) {
            cache.put(addr, sum, PAGES[addr + sum]);
        }

        @Operation
        public void get(@Param(name = "addr") int addr, @Param(name = "sum") int sum) {
            cache.get(addr, sum);
        }

        @Validate
        public void accounting() throws ReflectiveOperationException {
            Map<?, ?> map = (Map<?, ?>) field("map").get(cache);
            Queue<?> clock = (Queue<?>) field("clock").get(cache);
            long sum = 0;
            for (Object e : map.values()) {
                Field bytes = e.getClass().getDeclaredField("bytes");
                bytes.setAccessible(true);
                sum += (long) bytes.get(e);
            }
            if (sum != cache.bytes() || cache.bytes() > budget || !clock.containsAll(map.keySet())) {
                throw new IllegalStateException("cache accounting broken: counted " + cache.bytes() + ", held " + sum
                        + ", budget " + budget + ", clock " + clock + ", keys " + map.keySet());
            }
        }

        private static Field field(String name) throws NoSuchFieldException {
            Field f = PageCache.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }
    }

    @Test
    void asMapModelChecking() {
        new ModelCheckingOptions().iterations(Lincheck.iterations(4)).invocationsPerIteration(200)
                .threads(2).actorsPerThread(3).sequentialSpecification(MapSpec.class).check(AsMap.class);
    }

    @Test
    void asMapStress() {
        new StressOptions().iterations(Lincheck.iterations(5)).invocationsPerIteration(1000)
                .threads(3).actorsPerThread(3).sequentialSpecification(MapSpec.class).check(AsMap.class);
    }

    @Test
    void evictionModelChecking() {
        new ModelCheckingOptions().iterations(Lincheck.iterations(4)).invocationsPerIteration(200)
                .threads(2).actorsPerThread(3).check(Evicting.class);
    }

    @Test
    void evictionStress() {
        new StressOptions().iterations(Lincheck.iterations(5)).invocationsPerIteration(1000)
                .threads(3).actorsPerThread(3).check(Evicting.class);
    }
}
