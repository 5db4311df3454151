package org.aetherdb.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.IsolationLevel;
import org.aetherdb.Options;
import org.aetherdb.Transaction;
import org.aetherdb.WriteBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH through the public API, on one database of 100K small pairs (16 B keys, 100 B values),
 * {@code Durability.NONE} (the fsync is the disk's number, not the code's): one cursor step
 * ({@code next} + key + value, wrapping to the first key at the end), a point get, and the commit
 * pipeline: a plain put (one commit), and a SERIALIZABLE and a SNAPSHOT transaction that read one
 * key and write another.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBench {
    private static final int KEYS = 100_000;

    private Path dir;
    private AetherDB db;
    private Cursor cursor;
    private byte[][] keys;
    private final byte[] value = new byte[100];
    private final SplittableRandom random = new SplittableRandom(1);

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("aether-jmh");
        db = AetherDB.open(dir, Options.builder().durability(Durability.NONE).build());
        keys = new byte[KEYS][];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < KEYS; i += 1000) {
            WriteBatch b = new WriteBatch();
            for (int j = i; j < i + 1000; j++) {
                keys[j] = new byte[16];
                r.nextBytes(keys[j]);
                b.put(keys[j], value);
            }
            db.write(b);
        }
        db.checkpoint();
        cursor = db.newCursor();
        cursor.seekToFirst();
    }

    private byte[] anyKey() {
        return keys[random.nextInt(KEYS)];
    }

    @Benchmark
    public int cursorStep() {
        cursor.next();
        if (!cursor.isValid()) {
            cursor.seekToFirst();
        }
        return cursor.key().length + cursor.value().length;
    }

    @Benchmark
    public byte[] get() {
        return db.get(anyKey());
    }

    @Benchmark
    public void commitPut() {
        db.put(anyKey(), value);
    }

    @Benchmark
    public void commitSerializableTxn() {
        txn(IsolationLevel.SERIALIZABLE);
    }

    @Benchmark
    public void commitSnapshotTxn() {
        txn(IsolationLevel.SNAPSHOT);
    }

    private void txn(IsolationLevel level) {
        try (Transaction tx = db.begin(level)) {
            tx.get(anyKey());
            tx.put(anyKey(), value);
            tx.commit();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        cursor.close();
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
