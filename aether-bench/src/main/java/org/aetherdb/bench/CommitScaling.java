package org.aetherdb.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.aetherdb.AetherDB;
import org.aetherdb.ConflictException;
import org.aetherdb.Durability;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Options;
import org.aetherdb.Transaction;

/**
 * Commits per second with 1, 2, 4, 8 and 16 committing threads, under SYNC and NONE, for plain
 * puts and for SERIALIZABLE and SNAPSHOT transactions (each reads one random key and writes
 * another, 100 B values, 100K keys), beside the machine's fsync limit measured in the same run
 * (fsyncs per second of a 4 KiB write into a preallocated file). Also the cost of a point read in
 * a transaction relative to a plain get. Prints CSV.
 *
 * <pre>
 * ./mvnw -q -pl aether-bench -am package -DskipTests
 * java -cp "aether-bench/target/classes:aether-core/target/classes:$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.0.17/*.jar)" \
 *      org.aetherdb.bench.CommitScaling [secondsPerCell]
 * </pre>
 */
public final class CommitScaling {
    private static final int KEYS = 100_000;

    private CommitScaling() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        System.out.printf("fsync_limit,%.0f,fsyncs/s%n", fsyncLimit(seconds));
        System.out.println("durability,mode,threads,commitsPerSec,conflictsPerSec,logSyncsPerSec");
        for (Durability d : new Durability[] {Durability.SYNC, Durability.NONE}) {
            for (String mode : new String[] {"put", "serializable", "snapshot"}) {
                for (int threads : new int[] {1, 2, 4, 8, 16}) {
                    run(d, mode, threads, seconds);
                }
            }
        }
        readCost();
    }

    private static byte[] key(int i) {
        return String.format("key%08d", i).getBytes();
    }

    static double fsyncLimit(double seconds) throws IOException {
        Path f = Files.createTempFile("aether-fsync", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 64; i++) {
                zeros.clear();
                ch.write(zeros, (long) i << 20);
            }
            ch.force(true);
            ByteBuffer page = ByteBuffer.allocate(4096);
            long n = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                page.clear();
                ch.write(page, (n * 4096) % (64L << 20));
                ch.force(false);
                n++;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static void run(Durability d, String mode, int threads, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("aether-commits");
        try (AetherDB db = AetherDB.open(dir, Options.builder().durability(d).checkpointInterval(Duration.ofSeconds(10)).build())) {
            byte[] value = new byte[100];
            for (int i = 0; i < KEYS; i += 1000) {
                org.aetherdb.WriteBatch b = new org.aetherdb.WriteBatch();
                for (int j = i; j < i + 1000; j++) {
                    b.put(key(j), value);
                }
                db.write(b);
            }
            AtomicLong commits = new AtomicLong();
            AtomicLong conflicts = new AtomicLong();
            long syncsBefore = db.stats().logSyncs();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            Thread[] ts = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        if (mode.equals("put")) {
                            db.put(key(r.nextInt(KEYS)), value);
                            commits.incrementAndGet();
                            continue;
                        }
                        IsolationLevel level = mode.equals("serializable") ? IsolationLevel.SERIALIZABLE : IsolationLevel.SNAPSHOT;
                        try (Transaction tx = db.begin(level)) {
                            tx.get(key(r.nextInt(KEYS)));
                            tx.put(key(r.nextInt(KEYS)), value);
                            tx.commit();
                            commits.incrementAndGet();
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s,%s,%d,%.0f,%.0f,%.0f%n", d, mode, threads, commits.get() / secs, conflicts.get() / secs,
                    (db.stats().logSyncs() - syncsBefore) / secs);
        } finally {
            delete(dir);
        }
    }

    /** Point reads: plain get vs the same get inside a SERIALIZABLE transaction (which records the key). */
    private static void readCost() throws IOException {
        Path dir = Files.createTempDirectory("aether-reads");
        try (AetherDB db = AetherDB.open(dir, Options.builder().durability(Durability.NONE).build())) {
            byte[] value = new byte[100];
            for (int i = 0; i < KEYS; i++) {
                db.put(key(i), value);
            }
            int n = 2_000_000;
            Random r = new Random(1);
            double plain = 0;
            double txn = 0;
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    db.get(key(r.nextInt(KEYS)));
                }
                long t1 = System.nanoTime();
                try (Transaction tx = db.begin()) {
                    for (int i = 0; i < n; i++) {
                        tx.get(key(r.nextInt(KEYS)));
                    }
                }
                long t2 = System.nanoTime();
                plain = (t1 - t0) / 1e3 / n;
                txn = (t2 - t1) / 1e3 / n;
            }
            System.out.printf("read_cost,plain_get_us,%.3f,txn_get_us,%.3f,ratio,%.2f%n", plain, txn, txn / plain);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
