package org.aetherdb.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.Bytes;
import org.aetherdb.format.Checksums;
import org.aetherdb.format.Inline;
import org.aetherdb.format.StoredValue;

/**
 * Jazzer target for tree pages ({@link NodeCodec#decode}): any page bytes, at any page size and
 * address, either decode or raise {@link CorruptDataException}. To get past the checksum, the
 * fuzzer chooses whether to make the stored checksum (and the parent's copy) valid for the
 * fuzzed content; {@code used} is taken from the input. A page that decodes must encode back to
 * a page that decodes to the same node (nothing silently dropped or reinterpreted).
 *
 * <p>Seeds: {@code src/test/resources/org/aetherdb/btree/NodeCodecFuzzTestInputs/page/}.
 */
class NodeCodecFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void page(FuzzedDataProvider data) {
        int pageSize = 4096 << data.consumeInt(0, 4);
        long address = data.consumeLong(2, 1L << 30) * pageSize;
        boolean fixChecksum = data.consumeBoolean();
        boolean parentAgrees = data.consumeBoolean();
        int parentChecksum = data.consumeInt();
        byte[] page = Arrays.copyOf(data.consumeRemainingAsBytes(), pageSize);
        int used = Bytes.getInt(page, 8);
        if (fixChecksum && used >= 16 && used <= pageSize) {
            Bytes.putInt(page, 0, Checksums.crc(address, page, 4, used - 4));
        }
        int expected = parentAgrees ? Bytes.getInt(page, 0) : parentChecksum;
        Node node;
        try {
            node = NodeCodec.decode(page, address, expected, "fuzzed");
        } catch (CorruptDataException documented) {
            return;
        }
        byte[] again = new byte[pageSize];
        int crc = NodeCodec.encode(node, again, address);
        Node back = NodeCodec.decode(again, address, crc, "re-encoded");
        assertSame(node, back);
    }

    private static void assertSame(Node a, Node b) {
        assertEquals(a.getClass(), b.getClass());
        assertEquals(a.level(), b.level());
        assertEquals(a.bytes(), b.bytes());
        if (a instanceof Leaf la && b instanceof Leaf lb) {
            assertEquals(la.count(), lb.count());
            for (int i = 0; i < la.count(); i++) {
                assertArrayEquals(la.key(i), lb.key(i));
                StoredValue va = la.value(i);
                StoredValue vb = lb.value(i);
                if (va instanceof Inline(byte[] x)) {
                    assertArrayEquals(x, ((Inline) vb).bytes());
                } else {
                    assertEquals(va, vb);
                }
            }
        } else if (a instanceof Branch ba && b instanceof Branch bb) {
            assertEquals(ba.children.length, bb.children.length);
            for (int i = 0; i < ba.children.length; i++) { // ChildRef has identity equality: compare what a page stores
                assertEquals(ba.children[i].address(), bb.children[i].address(), "child " + i + " address");
                assertEquals(ba.children[i].checksum(), bb.children[i].checksum(), "child " + i + " checksum");
            }
            for (int i = 0; i < ba.keys.length; i++) {
                assertArrayEquals(ba.keys[i], bb.keys[i]);
            }
        }
    }
}
