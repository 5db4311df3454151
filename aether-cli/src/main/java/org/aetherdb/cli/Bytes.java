package org.aetherdb.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How keys and values cross the command line: hex, and the escaped text form.
 *
 * <p><b>Escaped text.</b> Output shows each entry on one line and stays unambiguous: a printable
 * character (valid UTF-8, not a control or separator, encodable on the output) is shown as itself,
 * a backslash as {@code \\}, and every other byte as {@code \xNN}. {@link #unescape} reads that
 * form back (plus {@code \t}, {@code \n}, {@code \"}), so {@code scan} output can be fed to
 * {@code load}.
 */
final class Bytes {
    private static final HexFormat HEX = HexFormat.of();

    private Bytes() {}

    static String toHex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Parses hex digits (either case, even count).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    static byte[] fromHex(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("invalid hex '" + text + "': odd number of digits");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("invalid hex '" + text + "': '" + text.charAt(i)
                        + "' at position " + (i + 1) + " is not a hex digit");
            }
        }
        return HEX.parseHex(text);
    }

    /** The escaped text form of {@code bytes}; characters {@code out} cannot encode are escaped too. */
    static String escape(byte[] bytes, CharsetEncoder out) {
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        int i = 0;
        while (i < bytes.length) {
            int len = utf8Length(bytes, i);
            String ch = len > 0 ? new String(bytes, i, len, StandardCharsets.UTF_8) : null;
            if (ch != null && ch.equals("\\")) {
                sb.append("\\\\");
            } else if (ch != null && isPrintable(ch.codePointAt(0)) && out.canEncode(ch)) {
                sb.append(ch);
            } else {
                for (int j = 0; j < Math.max(len, 1); j++) {
                    sb.append("\\x").append(HEX.toHexDigits(bytes[i + j]));
                }
            }
            i += Math.max(len, 1);
        }
        return sb.toString();
    }

    /** Escaped text for an output that takes any Unicode character (tests, UTF-8 terminals). */
    static String escape(byte[] bytes) {
        return escape(bytes, StandardCharsets.UTF_8.newEncoder());
    }

    private static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /**
     * Length of the well-formed UTF-8 sequence starting at {@code i} (1 to 4), or 0 when the bytes
     * there are not one (overlong forms and surrogates included), following RFC 3629's table.
     */
    static int utf8Length(byte[] b, int i) {
        int lead = b[i] & 0xff;
        if (lead < 0x80) {
            return 1;
        }
        int len;
        int lo = 0x80;
        int hi = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            len = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            len = 3;
            lo = lead == 0xe0 ? 0xa0 : 0x80;
            hi = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            len = 4;
            lo = lead == 0xf0 ? 0x90 : 0x80;
            hi = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + len > b.length) {
            return 0;
        }
        for (int j = 1; j < len; j++) {
            int c = b[i + j] & 0xff;
            if (c < (j == 1 ? lo : 0x80) || c > (j == 1 ? hi : 0xbf)) {
                return 0;
            }
        }
        return len;
    }

    /**
     * Reads the escaped text form: bytes are taken as they are except the escapes {@code \\},
     * {@code \xNN}, {@code \t}, {@code \n} and {@code \"}.
     *
     * @throws IllegalArgumentException on a backslash not starting one of those
     */
    static byte[] unescape(byte[] text, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            byte b = text[i];
            if (b != '\\') {
                out.write(b);
                i++;
                continue;
            }
            if (i + 1 >= to) {
                throw new IllegalArgumentException("backslash at the end (write \\\\ for a backslash)");
            }
            byte e = text[i + 1];
            switch (e) {
                case '\\', '"' -> out.write(e);
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'x' -> {
                    if (i + 4 > to || Character.digit(text[i + 2], 16) < 0 || Character.digit(text[i + 3], 16) < 0) {
                        throw new IllegalArgumentException("\\x must be followed by two hex digits");
                    }
                    out.write(HexFormat.fromHexDigits(new String(text, i + 2, 2, StandardCharsets.US_ASCII)));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + (char) (e & 0xff)
                        + " (write \\\\ for a backslash)");
            }
            i += 2;
        }
        return out.toByteArray();
    }

    static byte[] unescape(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return unescape(b, 0, b.length);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The smallest key greater than every key starting with {@code prefix}, or null when there is
     * none (the prefix is empty or all 0xff).
     */
    static byte[] prefixEnd(byte[] prefix) {
        int n = prefix.length;
        while (n > 0 && prefix[n - 1] == (byte) 0xff) {
            n--;
        }
        if (n == 0) {
            return null;
        }
        byte[] end = java.util.Arrays.copyOf(prefix, n);
        end[n - 1]++;
        return end;
    }
}
