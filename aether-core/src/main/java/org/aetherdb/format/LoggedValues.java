package org.aetherdb.format;

/**
 * Resolves {@link Logged} references: reads the bytes from their log segment and checks them
 * against the reference's checksum. The log implements it; the page store, which reads every
 * value a leaf refers to, is handed one, so neither imports the other.
 */
public interface LoggedValues extends AutoCloseable {
    /**
     * The value's bytes, in an array the caller owns.
     *
     * @throws org.aetherdb.error.CorruptDataException naming the segment file and the value's
     *         offset, when the segment is missing or too short or the bytes fail their checksum
     * @throws org.aetherdb.error.EngineIoException when the segment cannot be read
     */
    byte[] read(Logged ref);

    @Override
    void close();

    /** For stores that hold no logged values (tests, tools on a data file alone): any reference is corruption. */
    static LoggedValues none(String what) {
        return new LoggedValues() {
            @Override
            public byte[] read(Logged ref) {
                throw new org.aetherdb.error.CorruptDataException(LogFormat.segmentName(ref.segment()), ref.offset(),
                        "a leaf refers to a value in the log, but " + what + " has no log");
            }

            @Override
            public void close() {}
        };
    }
}
