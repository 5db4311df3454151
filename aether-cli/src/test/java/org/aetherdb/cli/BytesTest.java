package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void hexRoundTripsAndAcceptsEitherCase() {
        assertEquals("000aff", Bytes.toHex(new byte[] {0, 10, (byte) 0xff}));
        assertArrayEquals(new byte[] {0, 10, (byte) 0xff}, Bytes.fromHex("000AfF"));
        assertArrayEquals(new byte[0], Bytes.fromHex(""));
    }

    @Test
    void badHexNamesTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("abc")).getMessage().contains("odd number"));
        String m = assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("0g")).getMessage();
        assertTrue(m.contains("'g' at position 2"), m);
    }

    @Test
    void escapeKeepsPrintableUtf8AndEscapesTheRest() {
        assertEquals("caf\u00e9 key", Bytes.escape("caf\u00e9 key".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a\\x09b\\x0ac\\x00", Bytes.escape(new byte[] {'a', '\t', 'b', '\n', 'c', 0}));
        assertEquals("back\\\\slash", Bytes.escape("back\\slash".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\\xff\\xc3(", Bytes.escape(new byte[] {(byte) 0xff, (byte) 0xc3, '('}), "invalid UTF-8");
        assertEquals("\\xed\\xa0\\x80", Bytes.escape(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}), "surrogate");
        assertEquals("\\xc2\\x85", Bytes.escape("\u0085".getBytes(StandardCharsets.UTF_8)), "C1 control");
    }

    @Test
    void escapeEscapesWhatTheOutputCannotShow() {
        assertEquals("caf\\xc3\\xa9", Bytes.escape("caf\u00e9".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.US_ASCII.newEncoder()));
    }

    @Test
    void unescapeReadsEscapesBackAndRejectsUnknownOnes() {
        assertArrayEquals(new byte[] {'a', '\t', '\\', (byte) 0xff, '\n', '"'}, Bytes.unescape("a\\t\\\\\\xFF\\n\\\""));
        assertThrows(IllegalArgumentException.class, () -> Bytes.unescape("C:\\path"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.unescape("\\x4"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.unescape("end\\"));
    }

    @Test
    void escapeThenUnescapeIsIdentityOnRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            String escaped = Bytes.escape(b);
            assertTrue(escaped.chars().noneMatch(c -> c == '\n' || c == '\t'), escaped);
            assertArrayEquals(b, Bytes.unescape(escaped), escaped);
        }
    }

    @Test
    void prefixEndIsTheFirstKeyAfterThePrefix() {
        assertArrayEquals(new byte[] {'a', 'c'}, Bytes.prefixEnd(new byte[] {'a', 'b'}));
        assertArrayEquals(new byte[] {'b'}, Bytes.prefixEnd(new byte[] {'a', (byte) 0xff, (byte) 0xff}));
        assertNull(Bytes.prefixEnd(new byte[] {(byte) 0xff}));
    }
}
