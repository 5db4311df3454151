/**
 * The engine's shared state: what the commit pipeline, the checkpointer, the background work and
 * the readers all read, in one place, so that none of them calls back into the engine.
 *
 * <p><b>The types.</b> A {@link Version} is a published tree version: its root, the sequence
 * number of its last commit and the tree's height. {@link EngineState} holds the published
 * version, the durable superblock, the I/O failure that stopped writes (if any) and the closing
 * flags.
 *
 * <p><b>Invariants.</b> Each part has one writer: the commit leader (under the commit lock)
 * publishes versions, whose sequence grows by one per commit; the checkpointer replaces the
 * durable superblock, whose sequence never exceeds the published one; the first failure wins and
 * is never cleared; closing precedes closed and neither is reset. All fields are volatile: a
 * reader sees a whole published version or the previous one.
 *
 * <p>May import: {@code org.aetherdb.btree}, {@code org.aetherdb.error}, {@code org.aetherdb.format}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.state;
