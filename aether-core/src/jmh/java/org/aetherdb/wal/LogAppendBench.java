package org.aetherdb.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aetherdb.format.Op;
import org.aetherdb.io.NioFileIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the write-ahead log's append path ({@link LogWriter#append} = encode + checksum into the
 * buffer, then {@link LogWriter#flush} = one positional write to the OS), one record of one put
 * (16 B key, {@code valueBytes} value) per call, no fsync (that is the disk's number, measured by
 * the bench's machine limits). Segments of 64 MiB, released every 100K records so they recycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogAppendBench {
    @Param({"100", "4096"})
    int valueBytes;

    private Path dir;
    private LogWriter writer;
    private long seq;
    private List<Op> ops;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("aether-jmh-wal");
        writer = new LogWriter(NioFileIO.INSTANCE, dir, 64L << 20, 1, List.of(), List.of(), () -> { });
        seq = 1;
        ops = List.of(Op.put(new byte[16], new byte[valueBytes]));
    }

    @Benchmark
    public long appendAndFlush() throws IOException {
        writer.append(seq, ops);
        writer.flush();
        if (seq % 100_000 == 0) {
            writer.releaseUpTo(seq - 1);
        }
        return seq++;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        writer.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
