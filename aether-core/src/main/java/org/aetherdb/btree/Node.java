package org.aetherdb.btree;

/**
 * An immutable B+tree node, decoded. Once a node is reachable from a published root it never
 * changes; a commit builds new nodes along the path it touches and shares the rest by reference.
 */
public sealed interface Node permits Leaf, Branch {
    /** Size of this node's page encoding in bytes ({@link NodeLayout}); at most the page size. */
    int bytes();

    /** 0 for a leaf; a branch is one more than its children. */
    int level();

    /** Number of entries (leaf) or children (branch). */
    int count();
}
