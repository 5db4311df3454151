package org.aetherdb.bench.ycsb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;

/**
 * A YCSB record (field name -> bytes) as one value: {@code count:u16} then, per field,
 * {@code nameLen:u16 name valueLen:i32 value}. The same encoding for every engine, so its cost is
 * equal across them. Decoding checks every length against the bytes left (a value that is not a
 * record fails loudly rather than yielding garbage fields).
 */
final class YcsbRecord {
    private YcsbRecord() {}

    static byte[] encode(Map<String, ByteIterator> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + fields.size() * 128);
        writeU16(out, fields.size());
        for (Map.Entry<String, ByteIterator> f : fields.entrySet()) {
            byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = f.getValue().toArray();
            writeU16(out, name.length);
            out.writeBytes(name);
            writeI32(out, value.length);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /** The fields of {@code record} (all when {@code wanted} is null) as a mutable map. */
    static Map<String, ByteIterator> decode(byte[] record, Set<String> wanted) {
        Map<String, ByteIterator> fields = new LinkedHashMap<>();
        int pos = 0;
        int count = u16(record, pos);
        pos += 2;
        for (int i = 0; i < count; i++) {
            int nameLen = u16(record, pos);
            pos += 2;
            check(record, pos, nameLen);
            String name = new String(record, pos, nameLen, StandardCharsets.UTF_8);
            pos += nameLen;
            int valueLen = i32(record, pos);
            pos += 4;
            check(record, pos, valueLen);
            if (wanted == null || wanted.contains(name)) {
                fields.put(name, new ByteArrayByteIterator(record, pos, valueLen));
            }
            pos += valueLen;
        }
        if (pos != record.length) {
            throw new IllegalStateException("YCSB record has " + (record.length - pos) + " trailing bytes");
        }
        return fields;
    }

    private static void check(byte[] b, int pos, int len) {
        if (len < 0 || pos + len > b.length) {
            throw new IllegalStateException("YCSB record field of " + len + " bytes at " + pos + " overruns " + b.length);
        }
    }

    private static int u16(byte[] b, int pos) {
        check(b, pos, 2);
        return ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
    }

    private static int i32(byte[] b, int pos) {
        check(b, pos, 4);
        return ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        if (v > 0xffff) {
            throw new IllegalArgumentException("too many fields or too long a field name: " + v);
        }
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeI32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
