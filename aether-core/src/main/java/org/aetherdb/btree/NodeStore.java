package org.aetherdb.btree;

import org.aetherdb.format.Inline;
import org.aetherdb.format.Logged;
import org.aetherdb.format.OutOfLine;
import org.aetherdb.format.StoredValue;

/** What the tree needs from the storage layer underneath it. */
public interface NodeStore {
    /** The node {@code ref} points to: resident, cached, or read and verified from the file. */
    Node load(ChildRef ref);

    /** The value bytes of an out-of-line value, verified (an array the caller owns). */
    byte[] readBlob(OutOfLine blob);

    /** The bytes of a value stored in the log, verified (an array the caller owns). */
    byte[] readLogged(Logged ref);

    /** The bytes of {@code value} as an array the caller owns: an inline value's copied, a referenced one's read. */
    default byte[] readValue(StoredValue value) {
        return switch (value) {
            case Inline(byte[] bytes) -> bytes.clone();
            case OutOfLine blob -> readBlob(blob);
            case Logged ref -> readLogged(ref);
        };
    }

    int pageSize();

    /** The data file's name, for error messages. */
    default String fileName() {
        return "(memory)";
    }

    /**
     * Loads {@code ref}, which must hold a node of {@code level}. Levels decrease by one on every
     * step down, so even a crafted file whose pages point at each other (checksums can be
     * forged) cannot make a descent loop or run deeper than the root's level.
     */
    default Node load(ChildRef ref, int level) {
        Node n = load(ref);
        if (n.level() != level) {
            throw new org.aetherdb.error.CorruptDataException(fileName(), ref.address(), "page of level " + n.level() + " where level " + level + " belongs");
        }
        return n;
    }

    /** {@code ref} is not part of the version being built: its page may be freed later. */
    void discard(ChildRef ref);

    /** The version being built refers to {@code value} (put into a leaf). */
    void adoptValue(StoredValue value);

    /** The version being built no longer refers to {@code value} (replaced or deleted): an out-of-line value's extent or a logged value's bytes may be freed later. */
    void discardValue(StoredValue value);
}
