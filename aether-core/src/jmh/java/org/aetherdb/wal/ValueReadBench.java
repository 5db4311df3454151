package org.aetherdb.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.aetherdb.format.Checksums;
import org.aetherdb.io.FileHandle;
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
 * JMH: what reading one value costs where it may live (docs/VALUE-LOG.md, decision 5). The value
 * is {@code valueBytes} long, at a random 8-byte aligned offset of a 256 MiB file in the OS page
 * cache (a log segment full of values), or in a heap array (a value inline in a decoded leaf):
 * <ul>
 *   <li>{@code inlineCopy}: the copy a get of an inline value makes today;</li>
 *   <li>{@code handleReadAndCheck}: a positional read through the project's {@link FileHandle}
 *       into a new array, then its CRC32C compared (a reference resolved by {@code pread});</li>
 *   <li>{@code mappedCopyAndCheck}: the same bytes copied out of a read-only mapping of the
 *       file, then checked (a reference resolved through {@code MemorySegment}).</li>
 * </ul>
 * Tree search, page-cache lookups and the reader registration are not included: this isolates
 * the value step that values in the log would add to a get.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValueReadBench {
    private static final long FILE_BYTES = 256L << 20;

    @Param({"128", "1024", "4096"})
    int valueBytes;

    private Path file;
    private FileHandle handle;
    private FileChannel channel;
    private Arena arena;
    private MemorySegment mapped;
    private byte[][] leafValues;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setup() throws IOException {
        file = Files.createTempFile("aether-jmh-values", ".log");
        byte[] chunk = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(chunk);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long p = 0; p < FILE_BYTES; p += chunk.length) {
                ByteBuffer b = ByteBuffer.wrap(chunk);
                while (b.hasRemaining()) {
                    out.write(b, p + b.position());
                }
            }
        }
        handle = NioFileIO.INSTANCE.openReadOnly(file);
        channel = FileChannel.open(file, StandardOpenOption.READ);
        arena = Arena.ofShared();
        mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, FILE_BYTES, arena);
        leafValues = new byte[4096][];
        for (int i = 0; i < leafValues.length; i++) {
            leafValues[i] = new byte[valueBytes];
            random.nextBytes(leafValues[i]);
        }
        // Touch every page once so that every variant reads from memory, not from the disk.
        long sum = 0;
        for (long p = 0; p < FILE_BYTES; p += 4096) {
            sum += mapped.get(ValueLayout.JAVA_BYTE, p);
        }
        if (sum == 42) {
            System.out.print("");
        }
    }

    private long randomOffset() {
        return random.nextLong((FILE_BYTES - valueBytes) / 8) * 8;
    }

    @Benchmark
    public byte[] inlineCopy() {
        return leafValues[random.nextInt(leafValues.length)].clone();
    }

    @Benchmark
    public int handleReadAndCheck() throws IOException {
        byte[] v = new byte[valueBytes];
        handle.readFully(randomOffset(), v, 0, v.length);
        return Checksums.crc(0, v, 0, v.length);
    }

    @Benchmark
    public int mappedCopyAndCheck() {
        byte[] v = new byte[valueBytes];
        MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, randomOffset(), v, 0, v.length);
        return Checksums.crc(0, v, 0, v.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        handle.close();
        arena.close();
        channel.close();
        Files.delete(file);
    }
}
