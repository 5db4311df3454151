package org.aetherdb;

import java.util.Objects;

/** Argument checks shared by the API types, so every entry point words its errors alike. */
final class Args {
    private Args() {}

    static void key(byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
    }

    static void value(byte[] value) {
        Objects.requireNonNull(value, "value must not be null");
    }

    /** Checks what only the open database knows: the key-size limit follows the page size. */
    static void keyLimits(byte[] key, int maxKeySize) {
        key(key);
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (key.length > maxKeySize) {
            throw new IllegalArgumentException("key is " + key.length + " bytes, the limit for this page size is " + maxKeySize);
        }
    }

    static void valueLimits(byte[] value) {
        value(value);
        if (value.length > Options.MAX_VALUE_SIZE) {
            throw new IllegalArgumentException("value is " + value.length + " bytes, the limit is " + Options.MAX_VALUE_SIZE);
        }
    }
}
