package org.aetherdb;

/**
 * Stored bytes failed validation: a checksum mismatch, an impossible length, a structure that
 * breaks an invariant. The message names the file, the offset or page, and what was expected.
 * AetherDB never returns bytes that failed validation as data; it throws this instead.
 */
public class CorruptionException extends AetherException {
    private final String file;
    private final long offset;

    /**
     * @param file   the file (name, not full path) holding the damaged bytes
     * @param offset byte offset in that file of the damaged structure, or -1 when unknown
     * @param detail what was expected and what was found
     */
    public CorruptionException(String file, long offset, String detail) {
        super("corruption in " + file + (offset >= 0 ? " at offset " + offset : "") + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    /** The file (name relative to the database directory) that holds the damaged bytes. */
    public String file() {
        return file;
    }

    /** Byte offset of the damaged structure in {@link #file()}, or -1 when it is not known. */
    public long offset() {
        return offset;
    }
}
