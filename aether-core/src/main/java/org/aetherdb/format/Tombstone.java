package org.aetherdb.format;

/** The value a delete writes: the key has none. Leaves never hold one. */
public record Tombstone() implements Value {
    public static final Tombstone INSTANCE = new Tombstone();
}
