package org.aetherdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.format.ValueSegment;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * Records that hold values for the tree ({@link LogFormat#OP_PUT_LOGGED}): the references {@link
 * LogWriter#append} returns resolve to the appended bytes and equal those replay makes; and the
 * log releases a segment only when {@link LiveValueBytes} says no readable version refers to it.
 */
class LoggedRecordTest {
    private static final Path DIR = Path.of("/mem/log");
    private static final long SEGMENT = 8192;
    private static final int LOG_ABOVE = 100;

    private final MemFileIO io = new MemFileIO();
    private final AtomicLong salts = new AtomicLong(7);
    private final SegmentValues values = new SegmentValues(io, DIR);

    LoggedRecordTest() {
        io.createDirectories(DIR);
    }

    private LogWriter writer() throws IOException {
        return new LogWriter(io, DIR, SEGMENT, 1, List.of(), List.of(), () -> { }, salts::incrementAndGet,
                new LogWriter.ValueLog(values, LOG_ABOVE, List.of()));
    }

    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 131 + i * 7);
        }
        return b;
    }

    /** Record {@code seq}: a small put, a logged put, a delete, another logged put. */
    private static List<Op> ops(long seq) {
        return List.of(Op.put(("a" + seq).getBytes(), bytes(seq, LOG_ABOVE)), Op.put(("b" + seq).getBytes(), bytes(seq + 1, 900)),
                Op.delete(("c" + seq).getBytes()), Op.put(("d" + seq).getBytes(), bytes(seq + 2, LOG_ABOVE + 1)));
    }

    @Test
    void appendedReferencesResolveToTheValuesAndEqualWhatReplayMakes() throws IOException {
        List<List<Op>> appended = new ArrayList<>();
        try (LogWriter w = writer()) {
            for (long s = 1; s <= 30; s++) {
                List<Op> applied = w.append(s, ops(s)).ops();
                assertInstanceOf(Inline.class, applied.get(0).value(), "a value of exactly the threshold stays a copy");
                assertInstanceOf(Logged.class, applied.get(1).value());
                assertInstanceOf(Logged.class, applied.get(3).value(), "one byte above the threshold is logged");
                appended.add(applied);
            }
            w.sync();
            assertTrue(w.segments().size() > 2, "the records span several segments");
        }
        for (int i = 0; i < appended.size(); i++) {
            List<Op> original = ops(i + 1);
            for (int j : new int[] {1, 3}) {
                Logged ref = (Logged) appended.get(i).get(j).value();
                assertArrayEquals(((Inline) original.get(j).value()).bytes(), values.read(ref), "value " + j + " of record " + (i + 1));
            }
        }
        List<List<Op>> replayed = new ArrayList<>();
        LogReplayer.replay(io, DIR, 0, 4096, rec -> replayed.add(rec.ops()));
        assertEquals(appended.size(), replayed.size());
        for (int i = 0; i < appended.size(); i++) {
            for (int j = 0; j < 4; j++) {
                Op a = appended.get(i).get(j);
                Op r = replayed.get(i).get(j);
                assertArrayEquals(a.key(), r.key());
                if (a.value() instanceof Inline(byte[] v)) {
                    assertArrayEquals(v, ((Inline) r.value()).bytes());
                } else {
                    assertEquals(a.value(), r.value(), "record " + (i + 1) + " op " + j);
                }
            }
        }
    }

    @Test
    void aDamagedLoggedValueIsCorruptionNamingSegmentAndOffset() throws IOException {
        Logged ref;
        try (LogWriter w = writer()) {
            ref = (Logged) w.append(1, ops(1)).ops().get(1).value();
            w.sync();
        }
        Path file = DIR.resolve(LogFormat.segmentName(ref.segment()));
        byte[] segment = io.contents(file);
        segment[ref.offset() + 17] ^= 0x20;
        io.setContents(file, segment);
        SegmentValues fresh = new SegmentValues(io, DIR);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> fresh.read(ref));
        assertEquals(LogFormat.segmentName(ref.segment()), e.file());
        assertEquals(ref.offset(), e.offset());
    }

    @Test
    void aCoveredSegmentIsKeptWhileAReadableVersionRefersToItsValues() throws IOException {
        try (LogWriter w = writer()) {
            List<Logged> refs = new ArrayList<>();
            for (long s = 1; s <= 20; s++) {
                Logged ref = (Logged) w.append(s, ops(s)).ops().get(1).value();
                values.added(ref);
                refs.add(ref);
            }
            w.sync();
            long first = w.segments().getFirst().startSeq();
            int before = w.segments().size();
            w.releaseUpTo(20, 20);
            assertEquals(1, w.segments().size(), "only the last segment is replayed");
            assertEquals(before - 1, w.valueSegments().size(), "the others are kept for their values");
            assertTrue(io.exists(DIR.resolve(LogFormat.segmentName(first))));

            for (Logged ref : refs) {
                if (ref.segment() == first) {
                    values.discarded(ref, 25); // overwritten by version 25
                }
            }
            assertFalse(values.releasable(first, 24));
            w.releaseUpTo(30, 24); // a reader still holds version 24, which refers to them
            assertTrue(io.exists(DIR.resolve(LogFormat.segmentName(first))), "kept for the reader of version 24");
            w.releaseUpTo(30, 25);
            assertFalse(io.exists(DIR.resolve(LogFormat.segmentName(first))), "released once no reader is older than 25");
            assertEquals(before - 2, w.valueSegments().size());
        }
    }

    @Test
    void liveBytesNeverGoNegative() {
        LiveValueBytes table = new LiveValueBytes(List.of(new ValueSegment(5, 100)));
        table.discarded(5, 60, 10);
        assertEquals(List.of(new ValueSegment(5, 40)), table.snapshot());
        assertThrows(IllegalStateException.class, () -> table.discarded(5, 41, 11));
        assertThrows(IllegalStateException.class, () -> table.discarded(6, 1, 11), "a segment never counted");
        table.discarded(5, 40, 12);
        assertEquals(List.of(), table.snapshot());
        assertFalse(table.releasable(5, 11));
        assertTrue(table.releasable(5, 12));
        assertTrue(table.releasable(99, 0), "a segment holding no value at all");
        table.added(5, 8);
        assertFalse(table.releasable(5, 100), "live again");
        assertEquals(8, table.total());
    }
}
