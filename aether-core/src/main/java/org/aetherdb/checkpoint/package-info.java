/**
 * Checkpoints: writing a published version of the tree to the data file so that recovery can
 * start from it, and the order of writes that makes this safe at every instant.
 *
 * <p><b>The types.</b> {@link Checkpointer} owns the whole procedure: it captures the published
 * version (from the shared {@code state.EngineState}), has {@link CheckpointWriter} write the pages
 * of that version not yet in the file, size and write the free list as of that version and make
 * the new superblock durable, then frees what the previous checkpoint kept and releases the log.
 * It takes the commit pipeline's lock through {@link CommitLock}, so it depends on no engine type.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>Order: (1) every page of the version not yet in the file is written, children before
 *       parents (a parent records its children's addresses and checksums), each to an extent the
 *       allocator hands out, never one the durable checkpoint or a live reader may read; (2) the
 *       free list as of the version goes to a fresh extent; (3) the data file is forced; (4) the
 *       superblock is written to the slot the durable one does not occupy, and forced. Until (4)
 *       completes the previous checkpoint is intact and is what recovery uses.</li>
 *   <li>A written page's reference gets its checksum and then its address; a written leaf then
 *       drops its node and lives in the file and the bounded cache. Branches stay resident.</li>
 *   <li>The data file is never resized here: writers may be appending out-of-line values at its
 *       end meanwhile, and it may be mapped.</li>
 *   <li>Only capturing the version, writing the free list and returning freed space need the commit
 *       lock; the page writes run without it, so commits go on during a checkpoint. One checkpoint
 *       runs at a time.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.btree}, {@code org.aetherdb.error}, {@code org.aetherdb.format},
 * {@code org.aetherdb.page}, {@code org.aetherdb.state}, {@code org.aetherdb.wal}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.checkpoint;
