package org.aetherdb.btree;

/** What the tree needs from the storage layer underneath it. */
public interface NodeStore {
    /** The node {@code ref} points to: resident, cached, or read and verified from the file. */
    Node load(ChildRef ref);

    /** The value bytes of an out-of-line value, verified (an array the caller owns). */
    byte[] readBlob(BlobRef blob);

    int pageSize();

    /** {@code ref} is not part of the version being built: its page may be freed later. */
    void discard(ChildRef ref);

    /** An out-of-line value is no longer referenced by the version being built. */
    void discardBlob(BlobRef blob);
}
