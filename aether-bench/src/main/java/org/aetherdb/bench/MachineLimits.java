package org.aetherdb.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The machine's raw limits, measured in the same run as the engines, on the same file system, before
 * the first group, between groups and after the last ({@link Series}): the report keeps the best of
 * each limit (a limit an engine exceeds was measured too low) and shows its spread. Measured:
 * sequential write bandwidth without and with fsync (1 MiB writes, one fdatasync at the end, like
 * {@code dd conv=fdatasync}), sequential read bandwidth (page cache, and O_DIRECT when the file
 * system allows it), fsyncs per second of a 4 KiB write into a preallocated file and of a 4 KiB
 * append to a growing file (the limit the transactions rows are set beside), and memory copy
 * bandwidth.
 */
final class MachineLimits {
    /** One measurement of one limit. */
    record Sample(String metric, String unit, double value) {}

    /** Every measurement of one limit in a run; all limits are higher-is-better. */
    record Limit(String metric, String unit, List<Double> values) {
        double best() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double median() {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    /** The limits measured so far in one run, in the order first seen. */
    static final class Series {
        private final java.util.Map<String, Limit> byMetric = new java.util.LinkedHashMap<>();

        void add(List<Sample> samples) {
            for (Sample s : samples) {
                byMetric.computeIfAbsent(s.metric(), m -> new Limit(m, s.unit(), new ArrayList<>())).values().add(s.value());
            }
        }

        List<Limit> limits() {
            return List.copyOf(byMetric.values());
        }

        /** The best measured value of {@code metric}, NaN when never measured. */
        double best(String metric) {
            Limit l = byMetric.get(metric);
            return l == null ? Double.NaN : l.best();
        }
    }

    /** The fsync limit commits are set beside: 4 KiB written into a preallocated file, then fdatasync, repeated. */
    static final String FSYNC_PREALLOCATED = "fsync_4k_preallocated";
    /** 4 KiB appended to a growing file, then fdatasync: what a log without preallocation pays. */
    static final String FSYNC_APPEND = "fsync_4k_append";

    private MachineLimits() {}

    static List<Sample> measure(Path dir, Scale scale) throws IOException {
        Files.createDirectories(dir);
        List<Sample> out = new ArrayList<>();
        Path f = dir.resolve("limits.bin");
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        byte[] rnd = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(rnd);
        chunk.put(rnd).flip();
        long size = scale.limitFileBytes();
        try {
            out.add(new Sample("seq_write_nosync", "MB/s", write(f, chunk, size, false)));
            Files.deleteIfExists(f);
            out.add(new Sample("seq_write_fsync", "MB/s", write(f, chunk, size, true)));
            out.add(new Sample("seq_read_page_cache", "MB/s", read(f, size, false)));
            try {
                out.add(new Sample("seq_read_o_direct", "MB/s", read(f, size, true)));
            } catch (IOException | UnsupportedOperationException e) {
                System.err.println("bench: O_DIRECT read not possible here: " + e);
            }
            out.add(new Sample(FSYNC_PREALLOCATED, "fsyncs/s", fsyncs(f, scale.fsyncSeconds())));
            out.add(new Sample(FSYNC_APPEND, "fsyncs/s", appendFsyncs(f, scale.fsyncSeconds())));
        } finally {
            Files.deleteIfExists(f);
        }
        out.add(new Sample("memory_copy", "MB/s", memcpy()));
        return out;
    }

    private static double write(Path f, ByteBuffer chunk, long size, boolean fsync) throws IOException {
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long off = 0; off < size; off += chunk.capacity()) {
                chunk.rewind();
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
            }
            if (fsync) {
                ch.force(false);
            }
        }
        return size / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    private static double read(Path f, long size, boolean direct) throws IOException {
        List<OpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.READ));
        ByteBuffer buf;
        if (direct) {
            opts.add(com.sun.nio.file.ExtendedOpenOption.DIRECT);
            int block = Math.toIntExact(Files.getFileStore(f).getBlockSize());
            buf = ByteBuffer.allocateDirect((1 << 20) + block).alignedSlice(block);
        } else {
            buf = ByteBuffer.allocateDirect(1 << 20);
        }
        long t0 = System.nanoTime();
        long total = 0;
        try (FileChannel ch = FileChannel.open(f, opts.toArray(OpenOption[]::new))) {
            int n;
            while (total < size && (n = ch.read(buf.clear())) > 0) {
                total += n;
            }
        }
        return total / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    private static double fsyncs(Path f, double seconds) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 64; i++) {
                ch.write(zeros.clear(), (long) i << 20);
            }
            ch.force(true);
            ByteBuffer page = ByteBuffer.allocate(4096);
            long n = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                ch.write(page.clear(), (n * 4096) % (64L << 20));
                ch.force(false);
                n++;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** fdatasyncs per second of a 4 KiB append to a growing file (what a log without preallocation pays). */
    private static double appendFsyncs(Path f, double seconds) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            long n = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                ch.write(page.clear(), n * 4096);
                ch.force(false);
                n++;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double memcpy() {
        byte[] a = new byte[64 << 20];
        byte[] b = new byte[64 << 20];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(a, 0, b, 0, a.length);
        }
        int reps = 16;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            System.arraycopy(i % 2 == 0 ? a : b, 0, i % 2 == 0 ? b : a, 0, a.length);
        }
        return (double) reps * a.length / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }
}
