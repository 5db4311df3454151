package org.aetherdb.engine;

import java.util.Objects;
import org.aetherdb.format.BlobFormat;

/**
 * Argument checks shared by the API and the transaction, so every entry point words its errors
 * alike. Thrown errors are the JDK's ({@link NullPointerException}, {@link IllegalArgumentException}):
 * they need no translation at the API boundary.
 */
public final class Args {
    private Args() {}

    public static void key(byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
    }

    public static void value(byte[] value) {
        Objects.requireNonNull(value, "value must not be null");
    }

    /** Checks what only the open database knows: the key-size limit follows the page size. */
    public static void keyLimits(byte[] key, int maxKeySize) {
        key(key);
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (key.length > maxKeySize) {
            throw new IllegalArgumentException("key is " + key.length + " bytes, the limit for this page size is " + maxKeySize);
        }
    }

    public static void valueLimits(byte[] value) {
        value(value);
        if (value.length > BlobFormat.MAX_VALUE_SIZE) {
            throw new IllegalArgumentException("value is " + value.length + " bytes, the limit is " + BlobFormat.MAX_VALUE_SIZE);
        }
    }
}
