package org.aetherdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * A fixed, seeded set of distinct keys chosen to stress page layout: shared prefixes of several
 * lengths (so separators and prefix handling matter), bytes 0x00 and 0xff (unsigned order),
 * lengths from 1 byte to exactly the maximum key size. Keys are addressed by id so a workload can
 * put, overwrite and delete the same keys again and again.
 */
final class KeySpace {
    private static final byte[][] PREFIXES = {
        {},
        "a".getBytes(StandardCharsets.US_ASCII),
        "user/".getBytes(StandardCharsets.US_ASCII),
        "user/profile/".getBytes(StandardCharsets.US_ASCII),
        "user/profile/settings/a-long-common-prefix-shared-by-many/".getBytes(StandardCharsets.US_ASCII),
        {0x00},
        {0x00, 0x00, 0x01},
        {(byte) 0x80},
        {(byte) 0xff, (byte) 0xfe},
        {(byte) 0xff, (byte) 0xff, (byte) 0xff},
    };

    private final byte[][] keys;
    private final int maxKeySize;

    KeySpace(long seed, int size, int maxKeySize) {
        this.maxKeySize = maxKeySize;
        this.keys = new byte[size][];
        Random r = new Random(seed);
        Set<ByteBuffer> seen = new HashSet<>();
        for (int id = 0; id < size; id++) {
            byte[] k;
            do {
                k = make(r, id);
            } while (!seen.add(ByteBuffer.wrap(k)));
            keys[id] = k;
        }
    }

    private byte[] make(Random r, int id) {
        byte[] prefix = PREFIXES[r.nextInt(PREFIXES.length)];
        byte[] body = r.nextBoolean()
                ? String.format("%06d", id).getBytes(StandardCharsets.US_ASCII)
                : new byte[] {(byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
        int len = prefix.length + body.length;
        int p = r.nextInt(100);
        if (p < 20) {
            len += 1 + r.nextInt(60);
        } else if (p < 27) {
            len += 100 + r.nextInt(300);
        } else if (p < 29) {
            len = maxKeySize;
        } else if (p == 29) {
            len = 1 + r.nextInt(2);
        }
        len = Math.min(Math.max(len, 1), maxKeySize);
        byte[] k = new byte[len];
        System.arraycopy(prefix, 0, k, 0, Math.min(prefix.length, len));
        if (prefix.length < len) {
            System.arraycopy(body, 0, k, prefix.length, Math.min(body.length, len - prefix.length));
        }
        for (int i = prefix.length + body.length; i < len; i++) {
            k[i] = (byte) (r.nextInt(4) == 0 ? (r.nextBoolean() ? 0 : 0xff) : 'a' + r.nextInt(26));
        }
        return k;
    }

    int size() {
        return keys.length;
    }

    /** The key with this id (a fresh copy: callers may keep or change it). */
    byte[] key(int id) {
        return keys[id].clone();
    }

    byte[] randomKey(Random r) {
        return key(r.nextInt(keys.length));
    }

    /**
     * A key to read or seek with: usually one of the space, otherwise a neighbour of one (a byte
     * longer, a byte shorter, last byte changed) that is normally absent.
     */
    byte[] probe(Random r) {
        byte[] k = randomKey(r);
        switch (r.nextInt(6)) {
            case 0 -> {
                if (k.length < maxKeySize) {
                    byte[] longer = java.util.Arrays.copyOf(k, k.length + 1);
                    longer[k.length] = (byte) r.nextInt(256);
                    return longer;
                }
                return k;
            }
            case 1 -> {
                return k.length > 1 ? java.util.Arrays.copyOf(k, k.length - 1) : k;
            }
            case 2 -> {
                k[k.length - 1] += (byte) (r.nextBoolean() ? 1 : -1);
                return k;
            }
            default -> {
                return k;
            }
        }
    }
}
