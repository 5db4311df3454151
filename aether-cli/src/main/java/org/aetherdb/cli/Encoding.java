package org.aetherdb.cli;

import java.nio.charset.CharsetEncoder;

/**
 * How one command reads key and value arguments and prints keys and values: UTF-8 text in,
 * escaped text out (see {@link Bytes}), or hex both ways with {@code --hex}.
 */
record Encoding(boolean hex, CharsetEncoder out) {
    /**
     * @throws IllegalArgumentException when hex is on and {@code arg} is not hex
     */
    byte[] decode(String arg) {
        return hex ? Bytes.fromHex(arg) : Bytes.utf8(arg);
    }

    String format(byte[] bytes) {
        return hex ? Bytes.toHex(bytes) : Bytes.escape(bytes, out);
    }
}
