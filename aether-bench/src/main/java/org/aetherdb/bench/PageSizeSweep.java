package org.aetherdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.Options;

/**
 * The measurement behind the default page size: for each page size, random puts (NONE
 * durability, checkpoints on), a checkpoint, random point gets and 100-key scans, with small and
 * 4 KiB values. One fresh database per page size, same keys and seeds; prints one line per run.
 *
 * <pre>
 * ./mvnw -q -pl aether-bench -am package -DskipTests
 * java -cp "aether-bench/target/classes:aether-core/target/classes:$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.0.17/*.jar)" \
 *      org.aetherdb.bench.PageSizeSweep [keys] [rounds]
 * </pre>
 */
public final class PageSizeSweep {
    private PageSizeSweep() {}

    public static void main(String[] args) throws IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        System.out.println("pageSize,valueBytes,round,putsPerSec,getsPerSec,scan100MicrosAvg,dataFileMiB,treeHeight");
        for (int round = 0; round < rounds; round++) {
            for (int valueBytes : new int[] {100, 4096}) {
                for (int pageSize : new int[] {4096, 8192, 16384, 32768, 65536}) {
                    run(pageSize, valueBytes, valueBytes == 100 ? keys : keys / 4, round);
                }
            }
        }
    }

    private static byte[] key(int i) {
        byte[] k = new byte[16];
        long x = i * 0x9E3779B97F4A7C15L;
        for (int j = 0; j < 8; j++) {
            k[j] = (byte) (x >>> (56 - 8 * j));
        }
        return k;
    }

    private static void run(int pageSize, int valueBytes, int n, int round) throws IOException {
        Path dir = Files.createTempDirectory("aether-sweep");
        Options o = Options.builder().pageSize(pageSize).durability(Durability.NONE).cacheSize(1L << 30)
                .checkpointInterval(Duration.ofSeconds(30)).build();
        byte[] value = new byte[valueBytes];
        new Random(1).nextBytes(value);
        try (AetherDB db = AetherDB.open(dir, o)) {
            Random r = new Random(42);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                db.put(key(r.nextInt(n)), value);
            }
            db.checkpoint();
            long t1 = System.nanoTime();
            Random g = new Random(7);
            for (int i = 0; i < n; i++) {
                db.get(key(g.nextInt(n)));
            }
            long t2 = System.nanoTime();
            int scans = 2000;
            for (int i = 0; i < scans; i++) {
                try (Cursor c = db.newCursor()) {
                    c.seek(key(g.nextInt(n)));
                    for (int j = 0; j < 100 && c.isValid(); j++) {
                        c.value();
                        c.next();
                    }
                }
            }
            long t3 = System.nanoTime();
            System.out.printf("%d,%d,%d,%.0f,%.0f,%.1f,%d,%d%n", pageSize, valueBytes, round, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9),
                    (t3 - t2) / 1e3 / scans, db.stats().dataFileBytes() >> 20, db.stats().treeHeight());
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
