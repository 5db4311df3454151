package org.aetherdb.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.PageFormat;
import org.aetherdb.format.StoredValue;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeCodec} at its limits: pages encoded into a dirty buffer decode, and each header and
 * entry check refuses exactly what it must with the offset of the bad field. Forged pages are
 * re-sealed (checksum recomputed), so the decoder's own checks are under test, not the checksum.
 */
class NodeCodecBoundsTest {
    private static final int PAGE = 4096;
    private static final long ADDRESS = 5L * PAGE;
    private static final String FILE = "data.aedb";

    private static byte[] k(String s) {
        return s.getBytes();
    }

    /** Recomputes the page checksum over the used bytes; returns it. */
    private static int reseal(byte[] page) {
        int crc = Checksums.crc(ADDRESS, page, 4, Bytes.getInt(page, 8) - 4);
        Bytes.putInt(page, 0, crc);
        return crc;
    }

    private static byte[] dirtyPage() {
        byte[] page = new byte[PAGE];
        Arrays.fill(page, (byte) 0x5a);
        return page;
    }

    private static byte[] encoded(Node n) {
        byte[] page = new byte[PAGE];
        NodeCodec.encode(n, page, ADDRESS);
        return page;
    }

    private static CorruptDataException refused(byte[] page, String message) {
        int crc = reseal(page);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> NodeCodec.decode(page, ADDRESS, crc, FILE));
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.offset() >= ADDRESS && e.offset() < ADDRESS + PAGE, "offset " + e.offset());
        return e;
    }

    private static Leaf leaf(Object... kv) {
        byte[][] keys = new byte[kv.length / 2][];
        StoredValue[] values = new StoredValue[kv.length / 2];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (byte[]) kv[2 * i];
            values[i] = kv[2 * i + 1] instanceof byte[] v ? new Inline(v) : (StoredValue) kv[2 * i + 1];
        }
        return new Leaf(keys, values);
    }

    private static Branch branch(int level) {
        return new Branch(new byte[][] {k("m")}, new ChildRef[] {new ChildRef(7L * PAGE, 11), new ChildRef(9L * PAGE, -3)}, level);
    }

    @Test
    void nodesEncodedIntoADirtyBufferDecode() {
        int maxInline = PageFormat.maxInlineValue(PAGE);
        Leaf l = leaf(k("a"), new byte[] {1}, k("b"), new OutOfLine(8L * PAGE, maxInline + 1, 42));
        byte[] page = dirtyPage();
        Arrays.fill(page, 0, PAGE, (byte) 0x5a);
        // encode's contract is a zero-filled page beyond the node; its header fields, the reserved word included, are its own
        Arrays.fill(page, l.bytes(), PAGE, (byte) 0);
        int crc = NodeCodec.encode(l, page, ADDRESS);
        Leaf back = assertInstanceOf(Leaf.class, NodeCodec.decode(page, ADDRESS, crc, FILE));
        assertArrayEquals(k("b"), back.key(1));
        assertEquals(new OutOfLine(8L * PAGE, maxInline + 1, 42).address(), ((OutOfLine) back.value(1)).address());
        for (int level : new int[] {1, PageFormat.MAX_LEVEL}) {
            Branch b = branch(level);
            byte[] bp = dirtyPage();
            Arrays.fill(bp, b.bytes(), PAGE, (byte) 0);
            int bcrc = NodeCodec.encode(b, bp, ADDRESS);
            Branch bb = assertInstanceOf(Branch.class, NodeCodec.decode(bp, ADDRESS, bcrc, FILE), "level " + level);
            assertEquals(level, bb.level());
            assertEquals(9L * PAGE, bb.child(1).address());
            assertEquals(-3, bb.child(1).checksum());
        }
    }

    @Test
    void headerChecks() {
        byte[] page = encoded(leaf(k("a"), new byte[] {1}));
        Bytes.putInt(page, 8, PageFormat.HEADER - 1);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> NodeCodec.decode(page, ADDRESS, 0, FILE));
        assertEquals(ADDRESS + 8, e.offset());
        Bytes.putInt(page, 8, PAGE + 1);
        e = assertThrows(CorruptDataException.class, () -> NodeCodec.decode(page, ADDRESS, 0, FILE));
        assertEquals(ADDRESS + 8, e.offset());
        assertTrue(e.getMessage().contains("outside [16, 4096]"), e.getMessage());

        byte[] reserved = encoded(leaf(k("a"), new byte[] {1}));
        Bytes.putInt(reserved, 12, 1);
        assertEquals(ADDRESS + 12, refused(reserved, "reserved field is not zero").offset());

        byte[] kind = encoded(leaf(k("a"), new byte[] {1}));
        kind[4] = 7;
        assertEquals(ADDRESS + 4, refused(kind, "bad page kind 7 with level 0").offset());
        byte[] deep = encoded(branch(PageFormat.MAX_LEVEL));
        deep[5] = (byte) (PageFormat.MAX_LEVEL + 1);
        assertEquals(ADDRESS + 4, refused(deep, "bad page kind 2 with level " + (PageFormat.MAX_LEVEL + 1)).offset());
        byte[] leafLevel = encoded(leaf(k("a"), new byte[] {1}));
        leafLevel[5] = 1;
        refused(leafLevel, "bad page kind 1 with level 1");
    }

    @Test
    void checksumMessagesShowBothValuesInHex() {
        byte[] page = encoded(leaf(k("a"), new byte[] {1}));
        int crc = Bytes.getInt(page, 0);
        CorruptDataException parent = assertThrows(CorruptDataException.class, () -> NodeCodec.decode(page, ADDRESS, crc ^ 1, FILE));
        assertTrue(parent.getMessage().contains(String.format("page checksum 0x%08x differs from the 0x%08x its parent recorded", crc, crc ^ 1)),
                parent.getMessage());
        page[20] ^= 1;
        CorruptDataException mismatch = assertThrows(CorruptDataException.class, () -> NodeCodec.decode(page, ADDRESS, crc, FILE));
        assertEquals(ADDRESS, mismatch.offset());
        assertTrue(mismatch.getMessage().contains(String.format("(stored 0x%08x, computed 0x", crc)), mismatch.getMessage());
    }

    @Test
    void leafEntryChecks() {
        byte[] count = encoded(leaf(k("a"), new byte[] {1}));
        Bytes.putShort(count, 6, 60_000);
        refused(count, "leaf count 60000 cannot fit the page");
        // Just over what the used bytes can hold (4 bytes an entry at least): refused by the count
        // check itself, before any entry is read.
        byte[] justOver = encoded(leaf(k("a"), new byte[] {1}, k("b"), new byte[] {2}, k("c"), new byte[] {3}));
        int leafCount = (Bytes.getInt(justOver, 8) - PageFormat.HEADER) / 4 + 1;
        Bytes.putShort(justOver, 6, leafCount);
        refused(justOver, "leaf count " + leafCount + " cannot fit the page");

        refused(encoded(leaf(k("a"), new byte[] {1}, k("a"), new byte[] {2})), "leaf keys out of order at entry 1");
        refused(encoded(leaf(k("b"), new byte[] {1}, k("a"), new byte[] {2})), "leaf keys out of order at entry 1");

        int maxInline = PageFormat.maxInlineValue(PAGE);
        refused(encoded(leaf(k("a"), new OutOfLine(0, maxInline + 1, 0))), "bad out-of-line value reference (address 0,");
        refused(encoded(leaf(k("a"), new OutOfLine(-PAGE, maxInline + 1, 0))), "bad out-of-line value reference");
        refused(encoded(leaf(k("a"), new OutOfLine(PAGE + 1, maxInline + 1, 0))), "bad out-of-line value reference");
        refused(encoded(leaf(k("a"), new OutOfLine(8L * PAGE, maxInline, 0))), "length " + maxInline + ")");
        refused(encoded(leaf(k("a"), new OutOfLine(8L * PAGE, org.aetherdb.Options.MAX_VALUE_SIZE + 1, 0))), "bad out-of-line value reference");
        byte[] maxValue = encoded(leaf(k("a"), new OutOfLine(8L * PAGE, org.aetherdb.Options.MAX_VALUE_SIZE, 0)));
        assertInstanceOf(Leaf.class, NodeCodec.decode(maxValue, ADDRESS, reseal(maxValue), FILE));
    }

    /** References to values in the log: round trip at the limits, and every implausible field refused. */
    @Test
    void loggedValueReferences() {
        int min = Logged.MIN_OFFSET;
        Logged first = new Logged(1, min, 1, 7);
        Logged last = new Logged(Long.MAX_VALUE, Integer.MAX_VALUE - 9, 1, -1);
        Logged big = new Logged(3, min, org.aetherdb.Options.MAX_VALUE_SIZE, 0);
        byte[] page = encoded(leaf(k("a"), first, k("b"), new byte[] {2}, k("c"), last, k("d"), big));
        Leaf back = assertInstanceOf(Leaf.class, NodeCodec.decode(page, ADDRESS, reseal(page), FILE));
        assertEquals(first, back.value(0));
        assertEquals(last, back.value(2));
        assertEquals(big, back.value(3));
        assertEquals(PageFormat.HEADER + 3 * (1 + 1 + 1 + PageFormat.LOGGED_REF_BYTES) + (1 + 1 + 1 + 1 + 1), back.bytes());

        refused(encoded(leaf(k("a"), new Logged(0, min, 1, 0))), "bad logged value reference (segment 0,");
        refused(encoded(leaf(k("a"), new Logged(-1, min, 1, 0))), "bad logged value reference");
        refused(encoded(leaf(k("a"), new Logged(1, min - 1, 1, 0))), "offset " + (min - 1));
        refused(encoded(leaf(k("a"), new Logged(1, -8, 1, 0))), "bad logged value reference");
        refused(encoded(leaf(k("a"), new Logged(1, min, 0, 0))), "length 0)");
        refused(encoded(leaf(k("a"), new Logged(1, min, -1, 0))), "bad logged value reference");
        refused(encoded(leaf(k("a"), new Logged(1, min, org.aetherdb.Options.MAX_VALUE_SIZE + 1, 0))), "bad logged value reference");
        refused(encoded(leaf(k("a"), new Logged(1, Integer.MAX_VALUE - 8, 1, 0))), "bad logged value reference"); // ends past 2^31 - 8
    }

    @Test
    void branchEntryChecks() {
        for (long bad : new long[] {0, -PAGE, PAGE + 8}) {
            byte[] page = encoded(branch(1));
            Bytes.putLong(page, PageFormat.HEADER, bad);
            refused(page, "bad child address " + bad);
        }
        byte[] one = encoded(branch(1));
        Bytes.putShort(one, 6, 1);
        refused(one, "branch child count 1 impossible");
        byte[] many = encoded(branch(1));
        Bytes.putShort(many, 6, 60_000);
        refused(many, "branch child count 60000 impossible");
        byte[] justOver = encoded(branch(1));
        int branchCount = (Bytes.getInt(justOver, 8) - PageFormat.HEADER) / PageFormat.CHILD_REF_BYTES + 1;
        Bytes.putShort(justOver, 6, branchCount);
        refused(justOver, "branch child count " + branchCount + " impossible");
        ChildRef[] three = {new ChildRef(7L * PAGE, 1), new ChildRef(8L * PAGE, 2), new ChildRef(9L * PAGE, 3)};
        refused(encoded(new Branch(new byte[][] {k("m"), k("m")}, three, 1)), "separators out of order at 1");
        refused(encoded(new Branch(new byte[][] {k("n"), k("m")}, three, 1)), "separators out of order at 1");
    }
}
