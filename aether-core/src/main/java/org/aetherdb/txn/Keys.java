package org.aetherdb.txn;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Keys in messages: printable ASCII as text, anything else as hex; long keys cut. */
public final class Keys {
    private static final int MAX_SHOWN = 40;

    private Keys() {}

    public static String show(byte[] key) {
        boolean printable = true;
        for (byte b : key) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        byte[] k = key.length > MAX_SHOWN ? java.util.Arrays.copyOf(key, MAX_SHOWN) : key;
        String s = printable ? "\"" + new String(k, StandardCharsets.US_ASCII) + "\"" : "0x" + HexFormat.of().formatHex(k);
        return key.length > MAX_SHOWN ? s + "..." : s;
    }
}
