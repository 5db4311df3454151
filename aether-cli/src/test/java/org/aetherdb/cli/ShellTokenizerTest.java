package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTokenizerTest {
    private static List<String> words(String line) {
        return ShellTokenizer.tokenize(line).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void splitsOnBlanksAndGroupsQuotedText() {
        assertEquals(List.of("put", "k", "a value  with blanks"), words("  put k \"a value  with blanks\" "));
        assertEquals(List.of("put", "k", ""), words("put k \"\""));
        assertEquals(List.of("put", "key one", "v"), words("put key\" one\" v"));
        assertEquals(List.of(), words("   "));
    }

    @Test
    void escapesWorkInsideAndOutsideQuotes() {
        assertEquals(List.of("say \"hi\"", "a\\b"), words("\"say \\\"hi\\\"\" a\\\\b"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 'x'}, ShellTokenizer.tokenize("\\x00\\xffx").getFirst());
        assertEquals(List.of("caf\u00e9"), words("caf\u00e9"));
    }

    @Test
    void rejectsUnterminatedQuotesAndBadEscapes() {
        assertThrows(IllegalArgumentException.class, () -> ShellTokenizer.tokenize("put k \"open"));
        assertThrows(IllegalArgumentException.class, () -> ShellTokenizer.tokenize("put k \\q"));
        assertThrows(IllegalArgumentException.class, () -> ShellTokenizer.tokenize("put k \\x4"));
    }
}
