package org.aetherdb.format;

/** A value that exists: what a leaf holds under a key, and what a put writes. */
public sealed interface StoredValue extends Value permits Inline, OutOfLine, Logged {}
