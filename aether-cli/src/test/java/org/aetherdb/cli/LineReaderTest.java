package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void splitsOnNewlineDropsCarriageReturnAndKeepsALastLineWithoutNewline() throws IOException {
        byte[] input = b("a\tb\r\n\nc\t\u00ff\nlast");
        try (LineReader lines = new LineReader(new ByteArrayInputStream(input))) {
            assertArrayEquals(b("a\tb"), lines.next());
            assertArrayEquals(b(""), lines.next());
            assertArrayEquals(b("c\t\u00ff"), lines.next());
            assertArrayEquals(b("last"), lines.next());
            assertNull(lines.next());
            assertEquals(input.length, lines.bytesRead());
        }
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws IOException {
        String longLine = "k\t" + "v".repeat(200_000);
        try (LineReader lines = new LineReader(new ByteArrayInputStream(b(longLine + "\nnext\n")))) {
            assertArrayEquals(b(longLine), lines.next());
            assertArrayEquals(b("next"), lines.next());
            assertNull(lines.next());
        }
    }
}
