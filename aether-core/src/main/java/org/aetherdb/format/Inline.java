package org.aetherdb.format;

/**
 * A value held as its bytes: in a leaf or a log record, the bytes stored in place (at most
 * {@link PageFormat#maxInlineValue} of them); in an operation from the API, the caller's bytes,
 * which the engine stores in place or writes out of line by their size. The array is not copied:
 * whoever makes an {@code Inline} hands over its bytes, and nobody changes them afterwards.
 */
public record Inline(byte[] bytes) implements StoredValue {}
