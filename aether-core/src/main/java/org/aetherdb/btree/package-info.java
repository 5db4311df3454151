/**
 * The copy-on-write B+tree: immutable nodes and the algorithms that build new versions from old
 * ones, independent of how pages reach memory.
 *
 * <p><b>The types.</b> A {@link Node} is a {@link Leaf} (keys and their values: inline bytes or a
 * reference to an out-of-line value in the data file) or a {@link Branch} ({@code n} children and
 * {@code n - 1} separators). A parent points at a child through a {@link ChildRef}, shared by every
 * version that contains the child. {@link CowTree} implements get, put and delete (split, merge,
 * refill from a sibling) as functions from a root to a new root. {@link NodeCodec} encodes nodes
 * into pages and decodes pages into nodes per {@code format.PageFormat}. {@link TreeCursorImpl}
 * is the ordered cursor over one version ({@link TreeCursor} is the interface every engine
 * cursor implements). The tree reaches storage only through {@link NodeStore} (load a node,
 * read an out-of-line value, report what a new version no longer uses), which the page layer
 * implements.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>Once reachable from a published root a node never changes: a modification copies the nodes
 *       on its path, shares the rest by reference, and leaves the old root's tree untouched.</li>
 *   <li>A {@code ChildRef} with address 0 is dirty and holds its node; a checkpoint sets the
 *       checksum, then the address (both volatile), and may then drop a leaf's node, so a reader
 *       takes the node if present and otherwise loads by (address, checksum).</li>
 *   <li>Keys strictly increase in unsigned order within a node and across the tree; every key in
 *       child {@code i} lies in {@code [sep[i-1], sep[i])}; all leaves are at one depth; every node
 *       fits a page and every node but the root fills at least a quarter of one; a branch has at
 *       least two children. Proven in {@code proofs/btree/Fill.v}, checked by the verifier.</li>
 *   <li>A separator is the shortest prefix of the right key greater than the left key.</li>
 *   <li>A descent checks that each level is one below its parent, so a crafted file whose pages
 *       point at each other cannot make a descent loop. A page decodes only if its checksum is
 *       the one its parent recorded and every length, count and ordering rule holds.</li>
 *   <li>No sibling links (copy-on-write would rewrite the neighbours): a cursor keeps the path of
 *       branches from the root.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.error}, {@code org.aetherdb.format}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.btree;
