package org.aetherdb.bench.micro;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.aetherdb.AetherDB;
import org.aetherdb.Durability;
import org.aetherdb.Options;

/**
 * Random 4 KiB puts without fsync into a new database, several rounds in one JVM: separates the
 * engine's steady state from the JIT warm-up that a short benchmark cell in a fresh JVM includes
 * (docs/BENCHMARKS.md, issue #16). Not a comparison with peers: a diagnostic.
 *
 * <pre>java -cp "aether-bench/target/classes:$(cat aether-bench/target/classpath.txt)" \
 *     org.aetherdb.bench.micro.WarmWriteLoop DIR [PUTS_PER_ROUND=100000] [ROUNDS=4] [CACHE_BYTES=178956970]</pre>
 *
 * The default cache is the bench's at small scale (2/3 of 256 MiB). Each round deletes DIR first.
 */
public final class WarmWriteLoop {
    private WarmWriteLoop() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: WarmWriteLoop DIR [PUTS_PER_ROUND] [ROUNDS] [CACHE_BYTES]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int puts = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long cache = args.length > 3 ? Long.parseLong(args[3]) : 256L * 1024 * 1024 / 3 * 2;
        var threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            deleteTree(dir);
            Options options = Options.builder().durability(Durability.NONE).cacheSize(cache).build();
            SplittableRandom random = new SplittableRandom(round);
            byte[] value = new byte[4096];
            random.nextBytes(value);
            try (AetherDB db = AetherDB.open(dir, options)) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < puts; i++) {
                    byte[] key = new byte[16];
                    random.nextBytes(key);
                    value[i & 4095] ^= 1; // a different value each put
                    db.put(key, value);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                System.out.printf("round %d: %,.0f puts/s (%.2f s; writer thread CPU %.2f s); %d checkpoints%n",
                        round, puts / seconds, seconds, cpu, db.stats().checkpoints());
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
