package org.aetherdb.engine;

/**
 * One write of a commit: a put ({@code value != null}) or a delete. The arrays belong to the
 * caller until the commit call returns; the engine copies what it keeps.
 */
public record Mutation(byte[] key, byte[] value) {
    public static Mutation put(byte[] key, byte[] value) {
        return new Mutation(key, value);
    }

    public static Mutation delete(byte[] key) {
        return new Mutation(key, null);
    }

    public boolean isDelete() {
        return value == null;
    }
}
