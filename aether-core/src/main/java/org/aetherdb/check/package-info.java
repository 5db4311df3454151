/**
 * Offline inspection of a closed database: the verifier behind {@code AetherDB.verify} and the
 * CLI's {@code verify}, and the page-level dump behind {@code dump}.
 *
 * <p><b>The types.</b> {@link Verifier} checks every structure and collects every problem it
 * finds; {@link VerifyResult} is what it found and how much it checked (the API reports it as
 * {@code VerifyReport}). {@link Dumper} prints both superblock slots, every reachable page, the
 * free list and the log's records.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>Nothing here changes the database: files are opened read-only, and the engine runs both
 *       under the directory lock, so a database open elsewhere is refused rather than read while it
 *       changes.</li>
 *   <li>The verifier checks both superblock slots; every page reachable from the current root
 *       (its checksum and the one its parent recorded, decoding, key order, keys within the range
 *       the parent assigns, equal leaf depth, quarter-page fill of every page but the root, at
 *       least two children per branch); every out-of-line value (header and checksum); that no
 *       extent is used twice and the free list overlaps nothing in use; and the log after the
 *       checkpoint, by the same rules as recovery. It reports damage as problems, each naming the
 *       file and the offset, instead of stopping at the first.</li>
 *   <li>It reads pages straight from the file, not through a cache of the open engine: what it
 *       reports is what recovery would find.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.btree}, {@code org.aetherdb.error}, {@code org.aetherdb.format},
 * {@code org.aetherdb.io}, {@code org.aetherdb.page}, {@code org.aetherdb.recovery},
 * {@code org.aetherdb.txn}, {@code org.aetherdb.wal}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.check;
