/**
 * Transaction validation: what a transaction read, what recent commits wrote, and the check
 * between them at commit, plus the cursors that merge a transaction's writes into its snapshot
 * and record the ranges it sweeps.
 *
 * <p><b>The types.</b> {@link Isolation} is the level a transaction validates at (the API's
 * {@code IsolationLevel}, translated). A {@link ReadSet} holds the keys a SERIALIZABLE transaction
 * read (found or not) and the key ranges its cursors swept; a {@link Validation} bundles the
 * snapshot's sequence number, the level and the read set for the commit pipeline.
 * {@link ConflictIndex} remembers, for each recently written key, the sequence number of its
 * latest write, and decides whether a transaction may commit. {@link MergedCursor} overlays a
 * snapshot's cursor with the transaction's sorted write buffer; {@link RecordingCursor} widens the
 * read set's ranges as a cursor moves. {@link Keys} prints keys in conflict messages.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>For every key {@code k} and every sequence {@code s} not older than what the index has
 *       forgotten, some commit after {@code s} wrote {@code k} exactly when the index's latest
 *       write of {@code k} is after {@code s}. The index is bounded (it forgets the oldest commits
 *       beyond a number of keys held); a transaction whose snapshot predates what it still tracks
 *       fails as too old to validate, never passes unchecked.</li>
 *   <li>SERIALIZABLE rejects a transaction if a commit after its snapshot wrote a key it read or a
 *       key inside a range it swept; SNAPSHOT if such a commit wrote a key it writes. A blind write
 *       has nothing to validate. Cost is proportional to what the transaction read, never to the
 *       size of the database.</li>
 *   <li>Swept ranges are conservative: a cursor that moved from key {@code a} to key {@code b}
 *       records {@code [a, b]}, one that ran off an end records the range unbounded that way, and
 *       the read set is current after every cursor call (a transaction may commit with cursors
 *       open). False conflicts are possible, missed ones are not.</li>
 *   <li>In a merged cursor the buffer wins on equal keys and a buffered tombstone (compared by
 *       identity) hides the snapshot's entry.</li>
 *   <li>The conflict index is used only by the commit leader, under the commit lock; read sets
 *       and cursors belong to their transaction's thread.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.btree}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.txn;
