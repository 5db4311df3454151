/**
 * The executable specification of AetherDB: what the engine must do, written as the simplest
 * program that does it, with no code shared with the engine.
 *
 * <p>{@link org.aetherdb.spec.KvSpec} is the database (an ordered map, its history of commits,
 * snapshots and what a crash may leave), {@link org.aetherdb.spec.KvSpec.Txn} a transaction at
 * either isolation level, {@link org.aetherdb.spec.SpecCursor} an ordered cursor that records
 * the key ranges it swept. Tests drive the engine and this model with the same operations and
 * compare every result (conformance), and use {@link org.aetherdb.spec.KvSpec#isAllowedAfterCrash}
 * as the oracle after simulated power loss.
 */
package org.aetherdb.spec;
