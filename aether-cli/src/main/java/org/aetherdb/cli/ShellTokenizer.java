package org.aetherdb.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into arguments: separated by blanks; double quotes group blanks into one
 * argument ({@code put k "a value"}, {@code ""} is an empty one); the escapes of {@link Bytes}
 * ({@code \\ \" \xNN \t \n}) work inside and outside quotes. Arguments are bytes, since
 * {@code \xNN} may make them any bytes.
 */
final class ShellTokenizer {
    private ShellTokenizer() {}

    /**
     * @throws IllegalArgumentException on an unterminated quote or an unknown escape
     */
    static List<byte[]> tokenize(String line) {
        List<byte[]> args = new ArrayList<>();
        ByteArrayOutputStream arg = new ByteArrayOutputStream();
        boolean inArg = false;
        boolean quoted = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (!quoted && Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(arg.toByteArray());
                    arg.reset();
                    inArg = false;
                }
                i++;
            } else if (c == '"') {
                quoted = !quoted;
                inArg = true;
                i++;
            } else if (c == '\\') {
                int end = Math.min(line.length(), i + (i + 1 < line.length() && line.charAt(i + 1) == 'x' ? 4 : 2));
                arg.writeBytes(Bytes.unescape(line.substring(i, end)));
                inArg = true;
                i = end;
            } else {
                int cp = line.codePointAt(i);
                arg.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                inArg = true;
                i += Character.charCount(cp);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (inArg) {
            args.add(arg.toByteArray());
        }
        return args;
    }
}
