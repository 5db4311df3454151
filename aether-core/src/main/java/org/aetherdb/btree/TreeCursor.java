package org.aetherdb.btree;

/**
 * The engine-side ordered cursor. {@link #key()} and {@link #value()} return arrays the caller
 * owns. Positioning semantics are those of {@link org.aetherdb.Cursor}.
 *
 * <p>Deliberately the same methods as the API's {@code Cursor}: internal packages never import
 * the API, so the engine has its own interface and {@code ApiCursor} adapts one to the other.
 */
public interface TreeCursor {
    void seekToFirst();

    void seekToLast();

    void seek(byte[] key);

    void seekForPrev(byte[] key);

    boolean isValid();

    void next();

    void prev();

    byte[] key();

    byte[] value();
}
