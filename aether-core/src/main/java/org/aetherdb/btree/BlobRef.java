package org.aetherdb.btree;

/**
 * Where an out-of-line value lives: a run of pages in the data file starting at {@code address}
 * holding a blob header and {@code length} value bytes whose CRC32C (seeded with the address) is
 * {@code checksum}.
 */
public record BlobRef(long address, int length, int checksum) {}
