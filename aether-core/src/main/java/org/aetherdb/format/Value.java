package org.aetherdb.format;

/**
 * A value as the engine carries it from the API through the log into the tree: a
 * {@link StoredValue} (what a leaf holds) or a {@link Tombstone} (what a delete writes). The kinds
 * are the value kinds of the page and log formats ({@link PageFormat#VALUE_INLINE},
 * {@link PageFormat#VALUE_BLOB}; {@link LogFormat#OP_PUT}, {@link LogFormat#OP_PUT_BLOB},
 * {@link LogFormat#OP_DELETE}), which is why they live here, below both the log and the tree.
 *
 * <p>Code that treats each kind differently switches over the sealed type without a
 * {@code default}, so a new kind is one more record that the compiler then asks for everywhere.
 */
public sealed interface Value permits StoredValue, Tombstone {}
