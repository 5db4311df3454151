package org.aetherdb.btree;

/**
 * A parent's reference to a child page, shared by every tree version that contains the child.
 *
 * <p>Invariants: the referenced node's content never changes. {@code address == 0} means the
 * child exists only in memory (dirty) and then {@code node != null}. A checkpoint writes the
 * child, sets {@code checksum} and then {@code address} (both volatile: a reader that sees the
 * address sees the checksum), and may afterwards drop {@code node} for a leaf so that the page
 * lives only in the bounded cache. Readers therefore read {@code node} once and, if null, load by
 * {@code (address, checksum)}.
 */
public final class ChildRef {
    private volatile Node node;
    private volatile int checksum;
    private volatile long address;

    /** A dirty child, not yet written. */
    public ChildRef(Node node) {
        this.node = node;
    }

    /** A clean child as read from its parent page. */
    public ChildRef(long address, int checksum) {
        this.checksum = checksum;
        this.address = address;
    }

    public Node node() {
        return node;
    }

    public long address() {
        return address;
    }

    public int checksum() {
        return checksum;
    }

    /** Called once by the checkpoint that wrote the child. */
    public void written(long address, int checksum) {
        this.checksum = checksum;
        this.address = address;
    }

    /** Keeps a decoded node alongside a clean reference (branches are kept resident). */
    public void cache(Node n) {
        this.node = n;
    }

    /** Lets a clean leaf be reclaimed by the garbage collector; the page cache may still hold it. */
    public void release() {
        if (address != 0) {
            node = null;
        }
    }
}
