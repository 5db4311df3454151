package org.aetherdb.error;

/**
 * Stored bytes failed validation: a checksum mismatch, an impossible length, a structure that
 * breaks an invariant. Raised by every decoder; the API reports it as {@code CorruptionException}
 * with the same file, offset and message.
 */
public final class CorruptDataException extends EngineException {
    private final String file;
    private final long offset;
    private final String detail;

    /**
     * @param file   the file (name, not full path) holding the damaged bytes
     * @param offset byte offset in that file of the damaged structure, or -1 when unknown
     * @param detail what was expected and what was found
     */
    public CorruptDataException(String file, long offset, String detail) {
        super("corruption in " + file + (offset >= 0 ? " at offset " + offset : "") + ": " + detail, null);
        this.file = file;
        this.offset = offset;
        this.detail = detail;
    }

    public String file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public String detail() {
        return detail;
    }
}
