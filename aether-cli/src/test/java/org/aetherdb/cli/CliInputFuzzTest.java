package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Jazzer targets for what the CLI reads from users and files: hex ({@link Bytes#fromHex}), the
 * escaped text form ({@link Bytes#unescape}), a {@code load} line (key TAB value, in either
 * format), the line splitter of {@code load} ({@link LineReader}) and the shell's tokenizer.
 * The documented reaction to bad input is {@link IllegalArgumentException} (the CLI prints its
 * message as a usage error, or as "line N: ..." for {@code load}); any other exception is a
 * finding. Round trips are checked too: what is parsed prints back to the same bytes.
 *
 * <p>Seeds: {@code src/test/resources/org/aetherdb/cli/CliInputFuzzTestInputs/<method>/}.
 */
class CliInputFuzzTest {
    private static final Method PARSE;

    static {
        try {
            PARSE = LoadCommand.class.getDeclaredMethod("parse", byte[].class, int.class);
            PARSE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void hex(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        byte[] b;
        try {
            b = Bytes.fromHex(text);
        } catch (IllegalArgumentException documented) {
            return;
        }
        assertEquals(text.toLowerCase(Locale.ROOT), Bytes.toHex(b));
    }

    @FuzzTest(maxDuration = "10s")
    void escapedText(byte[] text) {
        byte[] b;
        try {
            b = Bytes.unescape(text, 0, text.length);
        } catch (IllegalArgumentException documented) {
            b = text; // then check the other direction on the raw bytes
        }
        assertArrayEquals(b, Bytes.unescape(Bytes.escape(b)), "escape then unescape changed the bytes");
    }

    @FuzzTest(maxDuration = "10s")
    void loadLine(FuzzedDataProvider data) throws IllegalAccessException {
        LoadCommand load = new LoadCommand();
        load.format = data.consumeBoolean() ? LoadCommand.Format.HEX : LoadCommand.Format.TEXT;
        int maxKey = data.consumeInt(1, 8192);
        byte[] line = data.consumeRemainingAsBytes();
        try {
            Object entry = PARSE.invoke(load, line, maxKey);
            assertTrue(entry != null);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof IllegalArgumentException)) {
                throw new AssertionError("load line parser threw " + e.getCause(), e.getCause());
            }
        }
    }

    /** Lines read back and joined with the terminators they lost give the input again. */
    @FuzzTest(maxDuration = "10s")
    void lineReader(byte[] input) throws IOException {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int lines = 0;
        try (LineReader r = new LineReader(new ByteArrayInputStream(input))) {
            for (byte[] l = r.next(); l != null; l = r.next()) {
                for (byte b : l) {
                    assertTrue(b != '\n', "a line holds a newline");
                }
                joined.write(l);
                lines++;
            }
            assertEquals(input.length, r.bytesRead());
        }
        int newlines = 0;
        for (byte b : input) {
            newlines += b == '\n' ? 1 : 0;
        }
        assertTrue(lines == newlines || lines == newlines + 1, lines + " lines for " + newlines + " newlines");
        assertTrue(joined.size() <= input.length - newlines);
    }

    @FuzzTest(maxDuration = "10s")
    void shellLine(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        try {
            ShellTokenizer.tokenize(line);
        } catch (IllegalArgumentException documented) {
            // documented: unterminated quote, unknown escape
        }
    }
}
