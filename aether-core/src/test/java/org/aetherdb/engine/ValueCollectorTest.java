package org.aetherdb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.aetherdb.AetherDB;
import org.aetherdb.EngineConfigs;
import org.aetherdb.Options;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Op;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * The collector (docs/VALUE-LOG.md, decision 8) rewrites the live values of log segments that are
 * mostly dead and lets checkpoints release them: the map never changes (not under concurrent
 * writers, not for a registered view, not across power loss), and afterwards the value segments'
 * files are at most 1.5x the live values in them (plus the segments the bound allows).
 */
class ValueCollectorTest {
    private static final Path DIR = Path.of("/mem/collect");
    private static final int SEGMENT = 256 << 10;
    private static final int VALUE = 1000; // above the threshold of 4 KiB pages (256 B): kept in the log

    private final MemFileIO fs = new MemFileIO();
    private final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);

    ValueCollectorTest() {
        fs.createDirectories(DIR);
    }

    /** Real clock and salts; the background worker runs only when the test calls {@link #background}. */
    private final class ManualBackground implements Environment {
        Step step;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long newSalt() {
            return Environment.REAL.newSalt();
        }

        @Override
        public Worker startWorker(String name, long periodNanos, Step s) {
            step = s;
            return new Worker() {
                @Override
                public void wake() {}

                @Override
                public void stop() {}
            };
        }
    }

    private final ManualBackground env = new ManualBackground();

    /** One round of the engine's background work (ASYNC force, checkpoint if asked for, one collector batch). */
    private void background() {
        assertTrue(env.step.run());
    }

    private Engine open(MemFileIO io) {
        return Engine.open(DIR, EngineConfigs.of(Options.builder().fileIO(io).pageSize(4096).walSegmentSize(SEGMENT)
                .checkpointLogBytes(1 << 20).checkpointInterval(Duration.ZERO).build()), env);
    }

    private static byte[] key(int i) {
        return String.format("k%05d", i).getBytes();
    }

    private static byte[] value(int i, int round) {
        byte[] v = new byte[VALUE];
        new Random(i * 7919L + round).nextBytes(v);
        return v;
    }

    private void put(Engine e, int i, int round) {
        byte[] v = value(i, round);
        e.commit(List.of(Op.put(key(i), v)), SyncMode.NONE, null);
        synchronized (model) {
            model.put(key(i), v);
        }
    }

    private void assertModel(String context, Engine e) {
        for (Map.Entry<byte[], byte[]> en : model.entrySet()) {
            assertArrayEquals(en.getValue(), e.get(en.getKey()), context + ": key " + new String(en.getKey()));
        }
    }

    /** 4000 values, then 3 of every 4 overwritten: the first segments are a quarter live. */
    private Engine sparseSegments() {
        Engine e = open(fs);
        for (int i = 0; i < 4000; i++) {
            put(e, i, 1);
        }
        e.checkpoint();
        for (int i = 0; i < 4000; i++) {
            if (i % 4 != 0) {
                put(e, i, 2);
            }
        }
        e.checkpoint();
        return e;
    }

    private static List<String> segmentFiles(MemFileIO io) {
        try {
            return io.list(DIR).stream().filter(n -> LogFormat.parseSegmentName(n) >= 0).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long logFileBytes(int except) throws IOException {
        long sum = 0;
        List<String> segments = fs.list(DIR).stream().filter(n -> LogFormat.parseSegmentName(n) >= 0).sorted().toList();
        for (String n : segments.subList(0, segments.size() - except)) {
            sum += fs.contents(DIR.resolve(n)).length;
        }
        return sum;
    }

    @Test
    void sparseSegmentsAreRewrittenAndReleasedAndTheMapIsUnchanged() throws IOException {
        Engine e = sparseSegments();
        long live = e.stats().logValueBytes();
        assertEquals(4000L * VALUE, live);
        int before = e.stats().valueSegments();
        assertTrue(before >= 10, "the first fill's segments are kept for their live quarter: " + before);
        long beforeBytes = logFileBytes(0);
        assertTrue(beforeBytes > 1.5 * live, "space amplification before collecting: " + beforeBytes + " bytes for " + live);

        long rewritten = e.collectValues();
        assertTrue(rewritten >= 1000L * VALUE, "the live quarter of the sparse segments was rewritten: " + rewritten);
        assertEquals(live, e.stats().logValueBytes(), "rewriting moves values, it does not add or drop any");
        assertTrue(e.stats().valueSegments() < before, e.stats().valueSegments() + " value segments, " + before + " before");
        assertModel("after collecting", e);
        // Every segment left is at least 2/3 live, so the log's files (the current segment and
        // one partly filled by the rewrites aside) are at most 1.5x the live values.
        long after = logFileBytes(2);
        assertTrue(after <= 1.5 * live, "space amplification after collecting: " + after + " bytes of segments for " + live);
        assertEquals(0, e.collectValues(), "nothing left below the bound");
        e.close();

        Engine reopened = open(fs);
        try {
            assertEquals(live, reopened.stats().logValueBytes());
            assertModel("after reopen", reopened);
        } finally {
            reopened.close();
        }
        assertTrue(AetherDB.verify(DIR, Options.builder().fileIO(fs).build(), p -> { }).isOk());
    }

    @Test
    void backgroundCollectionRidesOnClientCommitsAndTakesNoSequenceNumber() throws IOException {
        Engine e = sparseSegments();
        long live = e.stats().logValueBytes();
        long seq = e.state().published().seq();
        int puts = 0;
        for (int round = 0; round < 100_000 && logFileBytes(2) > 1.5 * live; round++) {
            background();
            background(); // nothing carried the batch yet: the collector waits, nothing changes
            assertEquals(seq + puts, e.state().published().seq(), "background collection took a sequence number");
            put(e, 4 * (round % 1000) + 1, 3); // a client commit (of a key whose old value is not live anyway), which carries the batch
            puts++;
            assertEquals(seq + puts, e.state().published().seq(), "the carrying commit takes one sequence number");
        }
        background(); // the checkpoint asked for after the last segment
        e.checkpoint();
        assertTrue(logFileBytes(2) <= 1.5 * e.stats().logValueBytes(), "space after background collection: " + segmentFiles(fs));
        assertTrue(e.collector().carriedBytes() > 0, "the bound was reached by carried rewrites");
        assertModel("after background collection", e);
        e.close();
        assertTrue(AetherDB.verify(DIR, Options.builder().fileIO(fs).build(), p -> { }).isOk());
    }

    @Test
    void aViewOpenDuringCollectionKeepsReadingItsValues() throws IOException {
        Engine e = sparseSegments();
        try (ReadView view = e.openView()) {
            List<String> before = segmentFiles(fs);
            assertTrue(e.collectValues() > 0);
            e.checkpoint();
            assertTrue(segmentFiles(fs).containsAll(before), "the view's version still refers to every collected segment: "
                    + before + " then " + segmentFiles(fs));
            for (Map.Entry<byte[], byte[]> en : model.entrySet()) {
                assertArrayEquals(en.getValue(), view.get(en.getKey()), "view: key " + new String(en.getKey()));
            }
        }
        e.checkpoint();
        long live = e.stats().logValueBytes();
        assertTrue(logFileBytes(2) <= 1.5 * live, "the collected segments released once the view closed: " + segmentFiles(fs));
        assertModel("after release", e);
        e.close();
    }

    @Test
    void writersRacingTheCollectorNeverSeeAnOldValueComeBack() throws Exception {
        Engine e = sparseSegments();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Random r = new Random(42);
            try {
                for (int round = 3; !stop.get(); round++) {
                    int i = r.nextInt(4000);
                    if (r.nextInt(5) == 0) {
                        synchronized (model) {
                            e.commit(List.of(Op.delete(key(i))), SyncMode.NONE, null);
                            model.remove(key(i));
                        }
                    } else {
                        synchronized (model) {
                            put(e, i, round);
                        }
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "writer");
        writer.start();
        try {
            for (int pass = 0; pass < 5; pass++) {
                e.collectValues();
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertNull(failure.get());
        assertModel("after racing", e);
        for (int i = 0; i < 4000; i++) {
            if (!model.containsKey(key(i))) {
                assertNull(e.get(key(i)), "a deleted key came back: " + i);
            }
        }
        e.close();
        assertTrue(AetherDB.verify(DIR, Options.builder().fileIO(fs).build(), p -> { }).isOk());
    }

    @Test
    void collectedValuesSurviveAPowerLoss() {
        Engine e = sparseSegments();
        e.collectValues(); // ends with a checkpoint: the old segments are released
        MemFileIO afterPowerLoss = fs.crash();
        e.close();
        Engine reopened = open(afterPowerLoss);
        try {
            assertModel("after power loss", reopened);
        } finally {
            reopened.close();
        }
    }
}
