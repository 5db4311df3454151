package org.aetherdb.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdb.error.CorruptDataException;
import org.junit.jupiter.api.Test;

/** The plausibility bounds of a reference to a value in the log, each on both sides; {@link LoggedValues#none}; {@link Extent}. */
class LoggedTest {
    private static final int MIN = Logged.MIN_OFFSET;
    private static final int LAST_END = Integer.MAX_VALUE - 8;

    @Test
    void plausibleOnExactlyTheRangeASegmentCanHold() {
        assertEquals(LogFormat.SEGMENT_HEADER + LogFormat.RECORD_HEADER, MIN);
        assertTrue(Logged.plausible(1, MIN, 1));
        assertFalse(Logged.plausible(0, MIN, 1), "segment 0");
        assertFalse(Logged.plausible(-1, MIN, 1), "negative segment");
        assertTrue(Logged.plausible(Long.MAX_VALUE, MIN, 1));
        assertFalse(Logged.plausible(1, MIN - 1, 1), "inside the headers");
        assertFalse(Logged.plausible(1, 1, 1));
        assertFalse(Logged.plausible(1, MIN, 0), "empty");
        assertFalse(Logged.plausible(1, MIN, -1));
        assertTrue(Logged.plausible(1, MIN, BlobFormat.MAX_VALUE_SIZE));
        assertFalse(Logged.plausible(1, MIN, BlobFormat.MAX_VALUE_SIZE + 1), "over the value limit");
        assertTrue(Logged.plausible(1, LAST_END - 1, 1), "ends exactly at the largest segment's end");
        assertFalse(Logged.plausible(1, LAST_END, 1), "ends one past it");
        assertFalse(Logged.plausible(1, Integer.MAX_VALUE - 10, 1 << 20), "offset + length overflows an int");
    }

    @Test
    void noneRefusesEveryReferenceAsCorruptionNamingTheSegment() {
        try (LoggedValues none = LoggedValues.none("data.aedb")) {
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> none.read(new Logged(0x2a, 4096, 10, 0)));
            assertEquals(LogFormat.segmentName(0x2a), e.file());
            assertEquals(4096, e.offset());
            assertTrue(e.getMessage().contains("data.aedb has no log"), e.getMessage());
        }
    }

    @Test
    void anExtentEndsAfterItsLength() {
        Extent e = new Extent(8192, 4096);
        assertEquals(12288, e.end());
        assertEquals("8192+4096", e.toString());
    }
}
