package org.aetherdb.wal;

import java.util.ArrayList;
import java.util.List;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.BlobFormat;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Inline;
import org.aetherdb.format.LogFormat;
import org.aetherdb.format.Logged;
import org.aetherdb.format.Op;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.PageReader;
import org.aetherdb.format.Tombstone;
import org.aetherdb.format.Value;

/**
 * Encodes and decodes log records per {@link LogFormat}. A put whose value is longer than the
 * writer's threshold is encoded as {@link LogFormat#OP_PUT_LOGGED}: the same bytes as a put, and
 * the tree refers to them where they lie ({@link Logged}); decoding makes that reference from the
 * record's position, so replay needs no threshold.
 */
final class RecordCodec {
    /** A reference into the log is what the tree keeps of a logged value, never part of a record. */
    private static final String NOT_LOGGED = "a log record holds a value's bytes, not a reference to a logged value";

    private RecordCodec() {}

    /** Encoded size of a record (header, payload and padding). */
    public static int size(List<Op> ops) {
        long n = LogFormat.RECORD_HEADER;
        for (Op op : ops) {
            n += 1 + Bytes.varintSize(op.key().length) + op.key().length;
            n += switch (op.value()) {
                case Inline(byte[] v) -> Bytes.varintSize(v.length) + v.length;
                case OutOfLine _ -> PageFormat.BLOB_REF_BYTES;
                case Tombstone _ -> 0;
                case Logged _ -> throw new IllegalArgumentException(NOT_LOGGED);
            };
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("commit too large for one log record: " + n + " bytes");
        }
        return LogFormat.align8((int) n);
    }

    /** Writes the record at {@code buf[off]}, no value logged; returns the offset after it (padding included). */
    public static int encode(byte[] buf, int off, long salt, long seq, long syncedUpTo, List<Op> ops) {
        return encode(buf, off, salt, seq, syncedUpTo, ops, Integer.MAX_VALUE, null);
    }

    /**
     * Writes the record at {@code buf[off]}; returns the offset after it (padding included). A put
     * of a value longer than {@code logAbove} bytes becomes {@link LogFormat#OP_PUT_LOGGED}, and
     * {@code valueAt[i]} (when not null) receives where operation {@code i}'s value starts,
     * relative to the record's start (-1 for an operation whose value is not logged).
     */
    public static int encode(byte[] buf, int off, long salt, long seq, long syncedUpTo, List<Op> ops, int logAbove, int[] valueAt) {
        int p = off + LogFormat.RECORD_HEADER;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            int typeAt = p++;
            p = Bytes.putVarint(buf, p, op.key().length);
            System.arraycopy(op.key(), 0, buf, p, op.key().length);
            p += op.key().length;
            if (valueAt != null) {
                valueAt[i] = -1;
            }
            switch (op.value()) {
                case Inline(byte[] b) -> {
                    boolean logged = b.length > logAbove;
                    buf[typeAt] = (byte) (logged ? LogFormat.OP_PUT_LOGGED : LogFormat.OP_PUT);
                    p = Bytes.putVarint(buf, p, b.length);
                    if (logged && valueAt != null) {
                        valueAt[i] = p - off;
                    }
                    System.arraycopy(b, 0, buf, p, b.length);
                    p += b.length;
                }
                case OutOfLine r -> {
                    buf[typeAt] = LogFormat.OP_PUT_BLOB;
                    Bytes.putLong(buf, p, r.address());
                    Bytes.putInt(buf, p + 8, r.length());
                    Bytes.putInt(buf, p + 12, r.checksum());
                    p += PageFormat.BLOB_REF_BYTES;
                }
                case Tombstone _ -> buf[typeAt] = LogFormat.OP_DELETE;
                case Logged _ -> throw new IllegalArgumentException(NOT_LOGGED);
            }
        }
        int length = p - off - LogFormat.RECORD_HEADER;
        Bytes.putInt(buf, off + 4, length);
        Bytes.putLong(buf, off + 8, seq);
        Bytes.putLong(buf, off + 16, syncedUpTo);
        Bytes.putInt(buf, off + 24, ops.size());
        Bytes.putInt(buf, off + 28, 0);
        Bytes.putInt(buf, off, Checksums.crc(salt, buf, off + 4, p - off - 4));
        int end = off + LogFormat.align8(p - off);
        java.util.Arrays.fill(buf, p, end, (byte) 0);
        return end;
    }

    /** Payload length field of the record header at {@code off} (unvalidated). */
    public static int length(byte[] header) {
        return Bytes.getInt(header, 4);
    }

    /** Whether the bytes at {@code rec[0..]} (header + payload) carry a valid checksum. */
    public static boolean checksumOk(byte[] rec, int len, long salt) {
        return Bytes.getInt(rec, 0) == Checksums.crc(salt, rec, 4, len - 4);
    }

    /**
     * Decodes a record whose checksum was verified. The payload must hold exactly opCount
     * well-formed operations with keys and values within the page size's limits.
     */
    public static LogRecord decode(byte[] rec, int len, String file, RecordPosition at, int pageSize) {
        return decode(rec, 0, len, file, at, pageSize);
    }

    /**
     * Decodes the record at {@code rec[from, from + len)}, whose checksum was verified, read at
     * {@code at}. A logged put becomes a {@link Logged} reference to its bytes at {@code at}
     * (nothing copied); its checksum is computed here.
     */
    public static LogRecord decode(byte[] rec, int from, int len, String file, RecordPosition at, int pageSize) {
        long offset = at.offset();
        PageReader r = new PageReader(rec, from, from + len, file, offset - from);
        r.i32("record checksum");
        r.i32("record length");
        long seq = r.i64("record seq");
        long synced = r.i64("record syncedUpTo");
        int count = r.i32("record op count");
        if (r.i32("record reserved") != 0 || count < 1 || count > r.remaining() / 2) {
            throw new CorruptDataException(file, offset, "log record header has op count " + count);
        }
        int maxKey = PageFormat.maxKey(pageSize);
        List<Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int type = r.u8("op type");
            byte[] key = r.bytes(r.varint(maxKey, "op key length"), "op key");
            if (key.length == 0) {
                throw r.corrupt("empty key in log record");
            }
            Value value;
            switch (type) {
                case LogFormat.OP_PUT -> value = new Inline(r.bytes(r.varint(PageFormat.maxInlineValue(pageSize), "op value length"), "op value"));
                case LogFormat.OP_PUT_BLOB -> {
                    long addr = r.i64("blob address");
                    int blen = r.i32("blob length");
                    int crc = r.i32("blob checksum");
                    if (addr <= 0 || addr % pageSize != 0 || blen <= PageFormat.maxInlineValue(pageSize) || blen > BlobFormat.MAX_VALUE_SIZE) {
                        throw r.corrupt("bad out-of-line value reference in log record");
                    }
                    value = new OutOfLine(addr, blen, crc);
                }
                case LogFormat.OP_DELETE -> value = Tombstone.INSTANCE;
                case LogFormat.OP_PUT_LOGGED -> {
                    int vlen = r.varint(BlobFormat.MAX_VALUE_SIZE, "op value length");
                    int start = r.skip(vlen, "op value");
                    long valueOffset = offset + (start - from);
                    if (!Logged.plausible(at.segmentStart(), Math.toIntExact(Math.min(valueOffset, Integer.MAX_VALUE)), vlen)) {
                        throw r.corrupt("logged value of " + vlen + " bytes at offset " + valueOffset + " cannot be referenced");
                    }
                    value = new Logged(at.segmentStart(), (int) valueOffset, vlen, Checksums.crc(0, rec, start, vlen));
                }
                default -> throw r.corrupt("bad log op type " + type);
            }
            ops.add(new Op(key, value));
        }
        if (r.remaining() != 0) {
            throw r.corrupt("log record payload has " + r.remaining() + " trailing bytes");
        }
        return new LogRecord(seq, synced, ops, at);
    }
}
