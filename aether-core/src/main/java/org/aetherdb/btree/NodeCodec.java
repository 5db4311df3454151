package org.aetherdb.btree;

import java.util.Arrays;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.BlobFormat;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.PageReader;
import org.aetherdb.format.StoredValue;

/**
 * Encodes nodes into pages and decodes pages into nodes, per {@link PageFormat}. Decoding checks
 * the checksum against the one the parent recorded, then every length, count and ordering rule,
 * so a page that decodes is structurally sound on its own.
 */
public final class NodeCodec {
    private NodeCodec() {}

    /**
     * Encodes {@code node} into {@code page} (zero-filled, page-sized) as it must appear at file
     * offset {@code address}; returns the page checksum.
     */
    public static int encode(Node node, byte[] page, long address) {
        if (node.bytes() > page.length) {
            throw new IllegalStateException("node of " + node.bytes() + " bytes does not fit a " + page.length + "-byte page");
        }
        int p = PageFormat.HEADER;
        if (node instanceof Leaf leaf) {
            page[4] = PageFormat.KIND_LEAF;
            for (int i = 0; i < leaf.keys.length; i++) {
                p = putKey(page, p, leaf.keys[i]);
                switch (leaf.values[i]) {
                    case Inline(byte[] v) -> {
                        page[p++] = PageFormat.VALUE_INLINE;
                        p = Bytes.putVarint(page, p, v.length);
                        System.arraycopy(v, 0, page, p, v.length);
                        p += v.length;
                    }
                    case OutOfLine b -> {
                        page[p++] = PageFormat.VALUE_BLOB;
                        Bytes.putLong(page, p, b.address());
                        Bytes.putInt(page, p + 8, b.length());
                        Bytes.putInt(page, p + 12, b.checksum());
                        p += PageFormat.BLOB_REF_BYTES;
                    }
                    case Logged l -> {
                        page[p++] = PageFormat.VALUE_LOGGED;
                        Bytes.putLong(page, p, l.segment());
                        Bytes.putInt(page, p + 8, l.offset());
                        Bytes.putInt(page, p + 12, l.length());
                        Bytes.putInt(page, p + 16, l.checksum());
                        p += PageFormat.LOGGED_REF_BYTES;
                    }
                }
            }
        } else {
            Branch br = (Branch) node;
            page[4] = PageFormat.KIND_BRANCH;
            for (ChildRef c : br.children) {
                if (c.address() == 0) {
                    throw new IllegalStateException("encoding a branch whose child was not written");
                }
                Bytes.putLong(page, p, c.address());
                Bytes.putInt(page, p + 8, c.checksum());
                p += PageFormat.CHILD_REF_BYTES;
            }
            for (byte[] k : br.keys) {
                p = putKey(page, p, k);
            }
        }
        if (p != node.bytes()) {
            throw new IllegalStateException("encoded " + p + " bytes, layout said " + node.bytes());
        }
        page[5] = (byte) node.level();
        Bytes.putShort(page, 6, node.count());
        Bytes.putInt(page, 8, p);
        Bytes.putInt(page, 12, 0);
        int crc = Checksums.crc(address, page, 4, p - 4);
        Bytes.putInt(page, 0, crc);
        return crc;
    }

    private static int putKey(byte[] page, int p, byte[] key) {
        p = Bytes.putVarint(page, p, key.length);
        System.arraycopy(key, 0, page, p, key.length);
        return p + key.length;
    }

    /**
     * Decodes the page read from file offset {@code address}.
     *
     * @param expectedChecksum the checksum the parent (or superblock) recorded for this page
     * @throws CorruptDataException naming {@code file} and the offset of the first bad field
     */
    public static Node decode(byte[] page, long address, int expectedChecksum, String file) {
        int pageSize = page.length;
        int used = Bytes.getInt(page, 8);
        if (used < PageFormat.HEADER || used > pageSize) {
            throw new CorruptDataException(file, address + 8, "page used-bytes " + used + " outside [16, " + pageSize + "]");
        }
        int stored = Bytes.getInt(page, 0);
        int actual = Checksums.crc(address, page, 4, used - 4);
        if (stored != actual) {
            throw new CorruptDataException(file, address, "page checksum mismatch (stored " + hex(stored) + ", computed " + hex(actual) + ")");
        }
        if (stored != expectedChecksum) {
            throw new CorruptDataException(file, address, "page checksum " + hex(stored) + " differs from the " + hex(expectedChecksum)
                    + " its parent recorded (lost, stale or misdirected write)");
        }
        return decodeBody(page, address, file);
    }

    /** Decodes a page whose checksum was already verified (by {@link #decode} or the verifier). */
    static Node decodeBody(byte[] page, long address, String file) {
        int pageSize = page.length;
        int used = Bytes.getInt(page, 8);
        PageReader r = new PageReader(page, 4, used, file, address);
        int kind = r.u8("page kind");
        int level = r.u8("page level");
        int count = r.u16("page count");
        if (r.i32("page used") != used || r.i32("page reserved") != 0) {
            throw new CorruptDataException(file, address + 12, "page reserved field is not zero");
        }
        Node n;
        if (kind == PageFormat.KIND_LEAF && level == 0) {
            n = decodeLeaf(r, count, pageSize);
        } else if (kind == PageFormat.KIND_BRANCH && level >= 1 && level <= PageFormat.MAX_LEVEL) {
            n = decodeBranch(r, count, level, pageSize);
        } else {
            throw new CorruptDataException(file, address + 4, "bad page kind " + kind + " with level " + level);
        }
        if (r.remaining() != 0) {
            throw r.corrupt(r.remaining() + " unexpected bytes after the last entry");
        }
        return n;
    }

    private static Leaf decodeLeaf(PageReader r, int count, int pageSize) {
        int maxKey = PageFormat.maxKey(pageSize);
        int maxInline = PageFormat.maxInlineValue(pageSize);
        if (count > r.remaining() / 4) {
            throw r.corrupt("leaf count " + count + " cannot fit the page");
        }
        byte[][] keys = new byte[count][];
        StoredValue[] values = new StoredValue[count];
        for (int i = 0; i < count; i++) {
            int klen = r.varint(maxKey, "key length");
            if (klen == 0) {
                throw r.corrupt("empty key");
            }
            keys[i] = r.bytes(klen, "key");
            if (i > 0 && Arrays.compareUnsigned(keys[i - 1], keys[i]) >= 0) {
                throw r.corrupt("leaf keys out of order at entry " + i);
            }
            int vkind = r.u8("value kind");
            if (vkind == PageFormat.VALUE_INLINE) {
                values[i] = new Inline(r.bytes(r.varint(maxInline, "inline value length"), "inline value"));
            } else if (vkind == PageFormat.VALUE_BLOB) {
                long addr = r.i64("blob address");
                int len = r.i32("blob length");
                int crc = r.i32("blob checksum");
                if (addr <= 0 || addr % pageSize != 0 || len <= maxInline || len > BlobFormat.MAX_VALUE_SIZE) {
                    throw r.corrupt("bad out-of-line value reference (address " + addr + ", length " + len + ")");
                }
                values[i] = new OutOfLine(addr, len, crc);
            } else if (vkind == PageFormat.VALUE_LOGGED) {
                long segment = r.i64("logged value segment");
                int offset = r.i32("logged value offset");
                int len = r.i32("logged value length");
                int crc = r.i32("logged value checksum");
                if (!Logged.plausible(segment, offset, len)) {
                    throw r.corrupt("bad logged value reference (segment " + segment + ", offset " + offset + ", length " + len + ")");
                }
                values[i] = new Logged(segment, offset, len, crc);
            } else {
                throw r.corrupt("bad value kind " + vkind);
            }
        }
        return new Leaf(keys, values);
    }

    private static Branch decodeBranch(PageReader r, int count, int level, int pageSize) {
        if (count < 2 || count > r.remaining() / PageFormat.CHILD_REF_BYTES) {
            throw r.corrupt("branch child count " + count + " impossible");
        }
        ChildRef[] children = new ChildRef[count];
        for (int i = 0; i < count; i++) {
            long addr = r.i64("child address");
            int crc = r.i32("child checksum");
            if (addr <= 0 || addr % pageSize != 0) {
                throw r.corrupt("bad child address " + addr);
            }
            children[i] = new ChildRef(addr, crc);
        }
        int maxKey = PageFormat.maxKey(pageSize);
        byte[][] keys = new byte[count - 1][];
        for (int i = 0; i < count - 1; i++) {
            int klen = r.varint(maxKey, "separator length");
            if (klen == 0) {
                throw r.corrupt("empty separator");
            }
            keys[i] = r.bytes(klen, "separator");
            if (i > 0 && Arrays.compareUnsigned(keys[i - 1], keys[i]) >= 0) {
                throw r.corrupt("separators out of order at " + i);
            }
        }
        return new Branch(keys, children, level);
    }

    static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
