/**
 * The engine: the coordinator that opens and closes a database, serves reads, commits writes and
 * transactions, and starts checkpoints, over the layers below it. It sees only its own types; the
 * API package translates to and from them.
 *
 * <p><b>The types.</b> {@link Engine} is one open database, a coordinator: it wires the parts at
 * open (directory lock, recovery, log, pipeline, checkpointer, background work) and routes reads,
 * commits, checkpoints, statistics and close to the part that owns each. It is configured by a
 * {@link Config} (built by the API from its options) and reports {@link EngineStats}. What the
 * parts share (published version, durable checkpoint, failure, closing) is one
 * {@code state.EngineState}. {@link Writer} prepares a commit on the committer's thread (copies,
 * large values written out of line, back-pressure); {@link CommitPipeline} is the group commit: committers queue a
 * request, one leader at a time commits the whole queue; it is also the commit lock the
 * {@code checkpoint.Checkpointer} takes. A {@link ReadView} is a registered
 * version (a snapshot's, a cursor's or a transaction's); {@link ViewCursor} wraps a tree cursor
 * with the lifetime checks of its view; {@link TransactionState} is a transaction's snapshot,
 * write buffer and read set; {@link SyncMode} says when a commit's record is forced.
 * {@link Background} forces ASYNC commits and has timed and requested checkpoints run, as scheduled by
 * the {@link Environment} (clock, background scheduling, log salts: the seam the deterministic
 * simulation replaces). {@link Args} holds the argument checks the API and transactions share.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>A version is published (one volatile write) only after its log records are written, and
 *       forced for SYNC commits: nothing is visible before it is durable.</li>
 *   <li>Published sequence numbers increase by one per commit and equal the log's record numbers;
 *       a transaction rejected by validation takes none.</li>
 *   <li>Out-of-line values are written from the committer's thread before it queues, and forced
 *       before any log force that makes a record pointing at them durable.</li>
 *   <li>After an I/O failure in a commit or a checkpoint nothing of the group is published and
 *       the engine accepts no more writes until reopened: the state of the files is unknown.</li>
 *   <li>Readers take no lock: they read the published version, register it in the reader table
 *       (claim, re-read, retry) and walk immutable nodes. A view keeps its registration until
 *       closed, or until the garbage collector's cleaner releases a leaked one; every cursor call
 *       first checks that its view (and transaction) is still open, so no cursor reads a version
 *       whose pages may be reused.</li>
 *   <li>One leader at a time holds the commit lock; there is no writer thread. A waiting
 *       committer is not released by an interrupt (its commit must finish); the background work
 *       is stopped by a flag, never by an interrupt. Checkpoints run one at a time and hold the
 *       commit lock only briefly.</li>
 *   <li>Close refuses new groups, waits for the one in flight, and (unless writes had stopped)
 *       writes a final checkpoint that holds every acknowledged commit, whatever its
 *       durability.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.btree},
 * {@code org.aetherdb.checkpoint}, {@code org.aetherdb.error}, {@code org.aetherdb.format},
 * {@code org.aetherdb.io}, {@code org.aetherdb.page}, {@code org.aetherdb.recovery},
 * {@code org.aetherdb.state}, {@code org.aetherdb.txn}, {@code org.aetherdb.wal}.
 * Never imports: {@code org.aetherdb} (the API), {@code org.aetherdb.check} (offline verify and
 * dump need no open engine; the API calls them directly).
 */
package org.aetherdb.engine;
