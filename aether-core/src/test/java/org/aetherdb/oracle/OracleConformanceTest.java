package org.aetherdb.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.WriteBatch;
import org.aetherdb.format.PageFormat;
import org.aetherdb.io.FileIO;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.NioFileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance of the engine to the <em>proven</em> model: the same seeded random traces run
 * through the real engine and through {@code aether-oracle}, the OCaml program extracted from the
 * Coq B+tree model ({@code proofs/oracle/Extract.v}, built by {@code make -C proofs}). Every
 * result (put/delete acknowledgement, get, ascending range scan with a limit) must be identical;
 * a divergence fails with the seed, the trace and op index, the op, and both results.
 *
 * <p>Traces mix puts, deletes, gets, range scans and write batches over a small key space with
 * keys related by prefix and bytes above 0x7f (unsigned order), on 4 KiB pages with values
 * straddling the out-of-line threshold; the engine also checkpoints and closes/reopens, which
 * must not change any result (the oracle does not see those ops). One oracle process runs a whole
 * batch of traces (separated by {@code reset}).
 *
 * <p>The oracle binary comes from system property {@code aether.oracle} (default
 * {@code <repo>/proofs/_build/aether-oracle}); when it is missing the test fails. Longer runs:
 * {@code -Daether.oracle.batches=N -Daether.oracle.traces=N -Daether.oracle.ops=N
 * [-Daether.seed=S]}; {@code -Daether.oracle.dump=DIR} keeps the trace files sent to the oracle
 * (replay one with {@code proofs/_build/aether-oracle < FILE}).
 */
class OracleConformanceTest {
    private static final int PAGE = 4096;
    private static final int MAX_KEY = Options.maxKeySize(PAGE);
    private static final int MAX_INLINE = PageFormat.maxInlineValue(PAGE);
    private static final Path MEM_DIR = Path.of("/mem/oracle");
    private static final HexFormat HEX = HexFormat.of();

    /** One operation of a trace. Engine-only ops (checkpoint, reopen) send nothing to the oracle. */
    sealed interface Op {}

    record Put(byte[] key, byte[] value) implements Op {}

    record Delete(byte[] key) implements Op {}

    record Get(byte[] key) implements Op {}

    record Range(byte[] from, int limit) implements Op {}

    /** Puts and deletes committed atomically; the oracle applies them one by one in order. */
    record Batch(List<Op> ops) implements Op {}

    record Checkpoint() implements Op {}

    record Reopen() implements Op {}

    /** A line sent to the oracle, where it came from, and the engine's answer to it. */
    record Line(int trace, int op, String text, String engine) {}

    @Test
    void engineMatchesTheExtractedOracle(@TempDir Path tmp) throws Exception {
        Path oracle = oracleBinary();
        long seed = Long.getLong("aether.seed", 20261202L);
        int batches = Integer.getInteger("aether.oracle.batches", 4);
        int traces = Integer.getInteger("aether.oracle.traces", 6);
        int ops = Integer.getInteger("aether.oracle.ops", 500);
        long compared = 0;
        int opsRun = 0;
        long engineNanos = 0;
        long engineCpu = 0;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long oracleNanos = 0;
        for (int b = 0; b < batches; b++) {
            List<Line> lines = new ArrayList<>();
            for (int t = 0; t < traces; t++) {
                long traceSeed = seed * 1_000_003L + b * 1_000L + t;
                List<Op> trace = generate(new Random(traceSeed), ops);
                opsRun += trace.size();
                boolean disk = t % 3 == 2;
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                lines.addAll(runEngine(trace, t, disk ? tmp.resolve("b" + b + "t" + t) : null, -1));
                engineNanos += System.nanoTime() - t0;
                engineCpu += mx.getCurrentThreadCpuTime() - c0;
            }
            long t0 = System.nanoTime();
            List<String> answers = runOracle(oracle, lines, tmp);
            oracleNanos += System.nanoTime() - t0;
            compare(seed, b, lines, answers);
            compared += lines.size();
        }
        System.out.printf("oracle conformance: seed %d, %d traces, %d ops (%d results compared with the oracle);"
                + " engine %d ms (test thread CPU %d ms), oracle %d ms%n", seed, batches * traces, opsRun, compared,
                engineNanos / 1_000_000, engineCpu / 1_000_000, oracleNanos / 1_000_000);
        assertTrue(compared > 0);
    }

    /** The comparison is real: a put whose value reaches the engine altered shows up as a divergence. */
    @Test
    void aMisMappedOperationIsReported(@TempDir Path tmp) throws Exception {
        Path oracle = oracleBinary();
        byte[] k = {(byte) 0x80, 1};
        List<Op> trace = List.of(new Put(k, new byte[] {7}), new Get(k), new Range(new byte[] {0}, 5));
        List<Line> lines = runEngine(trace, 0, null, 0);
        List<String> answers = runOracle(oracle, lines, tmp);
        AssertionError e = assertThrows(AssertionError.class, () -> compare(99, 0, lines, answers));
        assertTrue(e.getMessage().contains("op 1"), e.getMessage());
        assertEquals("value 07", answers.get(1));
    }

    // ---- trace generation ----

    private static List<Op> generate(Random rnd, int count) {
        List<byte[]> pool = keyPool(rnd, 40 + rnd.nextInt(120));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean growing = i < count * 6 / 10; // grow first (splits), then shrink (merges)
            int r = rnd.nextInt(100);
            if (r < (growing ? 40 : 15)) {
                ops.add(new Put(key(rnd, pool), value(rnd)));
            } else if (r < 55) {
                ops.add(new Delete(key(rnd, pool)));
            } else if (r < 75) {
                ops.add(new Get(key(rnd, pool)));
            } else if (r < 88) {
                ops.add(new Range(rnd.nextInt(8) == 0 ? new byte[] {0} : key(rnd, pool), rnd.nextInt(21)));
            } else if (r < 96) {
                List<Op> batch = new ArrayList<>();
                for (int j = 1 + rnd.nextInt(8); j > 0; j--) {
                    batch.add(rnd.nextInt(3) == 0 ? new Delete(key(rnd, pool)) : new Put(key(rnd, pool), value(rnd)));
                }
                ops.add(new Batch(batch));
            } else if (r < 98) {
                ops.add(new Checkpoint());
            } else {
                ops.add(new Reopen());
            }
        }
        return ops;
    }

    /** Short keys over the whole byte range, long keys up to the limit, and keys that extend or cut others. */
    private static List<byte[]> keyPool(Random rnd, int n) {
        List<byte[]> pool = new ArrayList<>();
        while (pool.size() < n) {
            int kind = rnd.nextInt(10);
            byte[] k;
            if (kind < 5 || pool.isEmpty()) {
                k = randomBytes(rnd, 1 + rnd.nextInt(4));
            } else if (kind < 7) {
                k = randomBytes(rnd, 1 + rnd.nextInt(MAX_KEY));
            } else {
                byte[] base = pool.get(rnd.nextInt(pool.size()));
                int len = kind == 7 ? Math.max(1, base.length - 1 - rnd.nextInt(base.length)) : Math.min(MAX_KEY, base.length + 1);
                k = java.util.Arrays.copyOf(base, len);
                if (len > base.length) {
                    k[len - 1] = (byte) (rnd.nextBoolean() ? 0 : 0xff);
                }
            }
            pool.add(k);
        }
        return pool;
    }

    private static byte[] key(Random rnd, List<byte[]> pool) {
        return rnd.nextInt(10) == 0 ? randomBytes(rnd, 1 + rnd.nextInt(6)) : pool.get(rnd.nextInt(pool.size()));
    }

    /** Empty, small, either side of the out-of-line threshold, and out of line. */
    private static byte[] value(Random rnd) {
        int r = rnd.nextInt(10);
        int len = switch (r) {
            case 0 -> 0;
            case 1, 2, 3 -> 1 + rnd.nextInt(20);
            case 4, 5 -> MAX_INLINE - 2 + rnd.nextInt(5);
            case 6, 7 -> 20 + rnd.nextInt(MAX_INLINE);
            default -> MAX_INLINE + 1 + rnd.nextInt(3 * PAGE);
        };
        return randomBytes(rnd, len);
    }

    private static byte[] randomBytes(Random rnd, int len) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        return b;
    }

    // ---- the engine side ----

    /**
     * Runs {@code trace} on a fresh database (in memory, or on disk under {@code dir}) and returns
     * the oracle lines with the engine's answers. {@code sabotage} >= 0 alters the value of that
     * op (a put) as it reaches the engine, to check that the comparison catches it.
     */
    private static List<Line> runEngine(List<Op> trace, int traceNo, Path dir, int sabotage) {
        FileIO io;
        Path where;
        if (dir == null) {
            MemFileIO mem = new MemFileIO();
            mem.createDirectories(MEM_DIR);
            io = mem;
            where = MEM_DIR;
        } else {
            io = NioFileIO.INSTANCE;
            where = dir;
        }
        Options options = Options.builder().pageSize(PAGE).fileIO(io).durability(Durability.NONE)
                .checkpointInterval(Duration.ZERO).walSegmentSize(1 << 20).checkpointLogBytes(1 << 20)
                .cacheSize(4L << 20).build();
        List<Line> lines = new ArrayList<>();
        AetherDB db = AetherDB.open(where, options);
        try {
            for (int i = 0; i < trace.size(); i++) {
                Op op = trace.get(i);
                if (i == sabotage && op instanceof Put p) {
                    byte[] v = p.value().clone();
                    v[v.length - 1] ^= 1;
                    db.put(p.key(), v);
                    lines.add(new Line(traceNo, i, putLine(p), "ok"));
                    continue;
                }
                switch (op) {
                    case Put p -> {
                        db.put(p.key(), p.value());
                        lines.add(new Line(traceNo, i, putLine(p), "ok"));
                    }
                    case Delete d -> {
                        db.delete(d.key());
                        lines.add(new Line(traceNo, i, "delete " + hex(d.key()), "ok"));
                    }
                    case Get g -> {
                        byte[] v = db.get(g.key());
                        lines.add(new Line(traceNo, i, "get " + hex(g.key()), v == null ? "none" : "value " + hex(v)));
                    }
                    case Range r -> lines.add(new Line(traceNo, i, "range " + hex(r.from()) + " " + r.limit(), scan(db, r)));
                    case Batch b -> {
                        WriteBatch wb = new WriteBatch();
                        for (Op sub : b.ops()) {
                            if (sub instanceof Put p) {
                                wb.put(p.key(), p.value());
                                lines.add(new Line(traceNo, i, putLine(p), "ok"));
                            } else {
                                Delete d = (Delete) sub;
                                wb.delete(d.key());
                                lines.add(new Line(traceNo, i, "delete " + hex(d.key()), "ok"));
                            }
                        }
                        db.write(wb);
                    }
                    case Checkpoint c -> db.checkpoint();
                    case Reopen r -> {
                        db.close();
                        db = AetherDB.open(where, options);
                    }
                }
            }
        } finally {
            db.close();
        }
        return lines;
    }

    private static String scan(AetherDB db, Range r) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        try (Cursor c = db.newCursor()) {
            for (c.seek(r.from()); c.isValid() && n < r.limit(); c.next()) {
                sb.append(' ').append(hex(c.key())).append('=').append(hex(c.value()));
                n++;
            }
        }
        return "range " + n + sb;
    }

    private static String putLine(Put p) {
        return "put " + hex(p.key()) + " " + hex(p.value());
    }

    private static String hex(byte[] b) {
        return b.length == 0 ? "-" : HEX.formatHex(b);
    }

    // ---- the oracle side ----

    private static Path oracleBinary() {
        String prop = System.getProperty("aether.oracle");
        Path path = prop != null ? Path.of(prop) : repoRoot().resolve("proofs/_build/aether-oracle");
        if (!Files.isExecutable(path)) {
            fail("the extracted oracle " + path + " is missing: run `make -C proofs` (in the repository root) first,"
                    + " or point -Daether.oracle at the binary");
        }
        return path;
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("proofs/_CoqProject"))) {
                return p;
            }
        }
        return fail("cannot find the repository root (a directory holding proofs/_CoqProject) above "
                + Path.of("").toAbsolutePath() + "; set -Daether.oracle");
    }

    /** Runs all lines through one oracle process (traces separated by reset); one answer per line. */
    private static List<String> runOracle(Path oracle, List<Line> lines, Path tmp) throws IOException, InterruptedException {
        Path in = Files.createTempFile(tmp, "trace", ".txt");
        Path out = Files.createTempFile(tmp, "answers", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        StringBuilder sb = new StringBuilder();
        int trace = -1;
        List<Integer> resets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.trace() != trace) {
                sb.append("reset\n");
                resets.add(i);
                trace = l.trace();
            }
            sb.append(l.text()).append('\n');
        }
        Files.writeString(in, sb, StandardCharsets.US_ASCII);
        String dump = System.getProperty("aether.oracle.dump");
        if (dump != null) { // keep the trace to replay by hand: aether-oracle < FILE
            Files.createDirectories(Path.of(dump));
            Files.copy(in, Path.of(dump, in.getFileName().toString()));
        }
        Process p = new ProcessBuilder(oracle.toString()).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the oracle did not finish within 5 minutes");
        }
        if (p.exitValue() != 0) {
            fail("the oracle exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        List<String> raw = Files.readAllLines(out, StandardCharsets.US_ASCII);
        assertEquals(lines.size() + resets.size(), raw.size(), "the oracle must answer every line");
        List<String> answers = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < raw.size(); i++) {
            if (next < resets.size() && i == resets.get(next) + next) {
                assertEquals("ok", raw.get(i), "answer to reset");
                next++;
            } else {
                answers.add(raw.get(i));
            }
        }
        return answers;
    }

    private static void compare(long seed, int batch, List<Line> lines, List<String> answers) {
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!l.engine().equals(answers.get(i))) {
                throw new AssertionError("engine and proven oracle diverge: seed " + seed + ", batch " + batch + ", trace "
                        + l.trace() + ", op " + l.op() + ": " + abbreviate(l.text()) + "\n  engine: " + abbreviate(l.engine())
                        + "\n  oracle: " + abbreviate(answers.get(i)));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "... (" + s.length() + " chars)";
    }
}
