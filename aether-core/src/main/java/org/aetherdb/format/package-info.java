/**
 * The on-disk format, one class per structure, each encoding into and decoding from byte arrays
 * (no I/O, no state). docs/FORMAT.md gives the same layouts with their reasons.
 *
 * <p><b>The types.</b> {@link Superblock} is the record of one durable checkpoint (root, sequence
 * number, free list, file end), in one of two 4 KiB slots at the start of the data file.
 * {@link PageFormat} is the layout of a tree page and the limits that follow from the page size
 * (largest key, largest inline value, minimum fill). {@link BlobFormat} is the header of an
 * out-of-line value's extent, {@link FreeListFormat} the free extents as of a checkpoint,
 * {@link LogFormat} the log's segment header, record header and operations. The values the
 * engine carries are {@link Value}s ({@link Inline}, {@link OutOfLine}, {@link Logged} — a
 * reference to a value's bytes in a log record, resolved by a {@link LoggedValues} the log
 * provides — and {@link Tombstone}), in {@link Op}s; {@link Extent} is a run of the data file. Under them:
 * {@link Checksums} (CRC32C seeded with a 64-bit context), {@link Bytes} (little-endian integers
 * and varints), {@link PageReader} (the bounds-checked reader every decoder uses) and
 * {@link Kernels} (the search, comparison, varint and separator kernels that KeY proves).
 *
 * <p><b>Invariants.</b>
 * <ul>
 *   <li>Every structure of the data file, and every log record, carries a CRC32C seeded with
 *       where it belongs: a page, value extent or free list with its file offset, a superblock
 *       with its slot's offset, a log record with its segment's salt (new each time the segment
 *       file is used). A correct structure found at the
 *       wrong place, such as a misdirected write or a stale record of a recycled segment, fails
 *       its check.</li>
 *   <li>Every decoder validates what it decodes and throws {@code CorruptDataException} naming the
 *       file and the offset of the first bad field: every read and every length taken from the
 *       file is bounds-checked before anything is indexed or allocated by it. An intact superblock of another format version is
 *       {@code FormatMismatchException}, not corruption.</li>
 *   <li>Superblock generation {@code g} goes to slot {@code g % 2}: a torn superblock write can
 *       only damage the slot being replaced.</li>
 *   <li>All integers are little-endian; {@code Kernels} stays in the Java subset KeY reads and
 *       self-contained, and the engine calls those very methods, so the code proven is the code
 *       that runs.</li>
 * </ul>
 *
 * <p>May import: {@code org.aetherdb.error}.
 * Never imports: {@code org.aetherdb} (the API).
 */
package org.aetherdb.format;
