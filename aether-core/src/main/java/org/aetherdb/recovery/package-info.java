/**
 * Opening a database's files: creating a new database, choosing the durable superblock, and
 * rebuilding the latest version in memory from the last checkpoint and the log after it.
 *
 * <p><b>The types.</b> {@link DataFiles} names the files of a database directory (the data file
 * and the lock file), creates an empty database, reads the superblock slots, chooses the
 * superblock and reads its free list. {@link Recovery} opens the data file, builds the page store
 * (allocator from the free list, cache) and the root, replays the log onto the tree in memory, and
 * returns the result as {@link Recovery.State} for the engine to start from.
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>Recovery writes nothing: the engine forces and checkpoints afterwards (not at all when
 *       read-only). Creating a database writes an empty root leaf and superblock generation 1 to a
 *       temporary file, forces it and renames it into place, syncing the directory: a crash leaves
 *       no database or a complete one.</li>
 *   <li>The superblock used is the valid slot with the highest generation; a blank or damaged slot
 *       is skipped while the other is valid (a torn superblock write damages only the slot being
 *       replaced). An intact slot of another format version is {@code FormatMismatchException};
 *       no valid slot is {@code CorruptDataException}. So is a root whose level does not match the
 *       superblock's tree height.</li>
 *   <li>The free list is read only once its extent is known to lie within the file, so a crafted
 *       length cannot make recovery allocate gigabytes.</li>
 *   <li>A replayed record whose out-of-line value fails its check was never durable (values are
 *       forced before the records that point at them) and ends the log like a torn record, unless
 *       a later record proves it durable: then it is corruption, reported at the value's offset in
 *       the data file. The extents of replayed values are marked used, since the checkpoint's
 *       free list was taken before they were allocated.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.btree}, {@code org.aetherdb.error}, {@code org.aetherdb.format},
 * {@code org.aetherdb.io}, {@code org.aetherdb.page}, {@code org.aetherdb.wal}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.recovery;
