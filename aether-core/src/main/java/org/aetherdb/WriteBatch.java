package org.aetherdb;

import java.util.ArrayList;
import java.util.List;
import org.aetherdb.engine.Args;
import org.aetherdb.format.Op;

/**
 * A group of puts and deletes applied all or nothing by {@link AetherDB#write(WriteBatch)}.
 * Later operations on the same key win over earlier ones. Not thread-safe; the arrays passed in
 * are copied when the batch is written, so callers must not change them until then.
 */
public final class WriteBatch {
    private final List<Op> ops = new ArrayList<>();

    public WriteBatch() {}

    /**
     * Adds a put.
     *
     * @throws NullPointerException when key or value is null
     */
    public WriteBatch put(byte[] key, byte[] value) {
        Args.key(key);
        Args.value(value);
        ops.add(Op.put(key, value));
        return this;
    }

    /**
     * Adds a delete (deleting an absent key is not an error).
     *
     * @throws NullPointerException when key is null
     */
    public WriteBatch delete(byte[] key) {
        Args.key(key);
        ops.add(Op.delete(key));
        return this;
    }

    /** Number of operations added. */
    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Removes every operation, so the batch can be reused. */
    public void clear() {
        ops.clear();
    }

    List<Op> ops() {
        return ops;
    }
}
