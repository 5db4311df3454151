/**
 * The data file as pages and extents: loading and verifying pages, caching them, writing pages and
 * out-of-line values, and deciding when freed space may be reused.
 *
 * <p><b>The types.</b> {@link PageStore} implements the tree's {@code btree.NodeStore} over the
 * data file: it loads a page (resident in its reference, else from the cache, else read and
 * verified), reads and verifies out-of-line values, writes pages and values to extents from the
 * allocator, and tracks the extents each new version stops using. {@link PageCache} is the bounded
 * cache of decoded leaves (CLOCK eviction, budget in estimated heap bytes).
 * {@link ExtentAllocator} keeps the free page-aligned extents and allocates best fit, growing the
 * file when nothing fits. {@link ReaderTable} records which version each open reader holds
 * (LMDB's reader slots).
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>A page is verified once, when it is read from the file, against the checksum its parent
 *       recorded; after that it is used decoded. A cache entry is found only under the address
 *       and the checksum asked for, so a freed and reused address never returns a stale page.
 *       Branches stay resident in their references; leaves live in the bounded cache.</li>
 *   <li>An out-of-line value is checked (header and CRC32C) on every read; values of 256 KiB or
 *       more are read through a mapping.</li>
 *   <li>A page or value that version {@code f} no longer uses is pending, tagged {@code f}; it
 *       returns to the allocator only when a durable checkpoint covers {@code f} (recovery can no
 *       longer need it) and no registered reader holds a version older than {@code f}. The frees of
 *       a commit group that fails are dropped; a page the running checkpoint writes while a commit
 *       replaces it is caught by the watch list and freed when the checkpoint ends.</li>
 *   <li>Free extents are disjoint, coalesced with their neighbours, below the allocation end, and
 *       never used by the durable checkpoint, a version a reader may hold, or anything written
 *       since; a double free throws.</li>
 *   <li>Reader protocol: a reader stores the version it read, re-reads the published version and
 *       retries if it moved, so a minimum computed after version {@code v} was published sees every
 *       reader that may hold a version older than {@code v}.</li>
 *   <li>Loads run on any thread without a lock; freed-space tracking runs under the commit lock.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.btree}, {@code org.aetherdb.error}, {@code org.aetherdb.format},
 * {@code org.aetherdb.io}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.page;
