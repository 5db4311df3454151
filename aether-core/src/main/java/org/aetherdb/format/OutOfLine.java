package org.aetherdb.format;

/**
 * A value stored out of line ({@link BlobFormat}): a run of pages in the data file starting at
 * {@code address} holding a blob header and {@code length} value bytes whose CRC32C (seeded with
 * the address) is {@code checksum}.
 */
public record OutOfLine(long address, int length, int checksum) implements StoredValue {}
