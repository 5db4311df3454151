package org.aetherdb.format;

/**
 * The tree's view of values stored in log records ({@link Logged}): reads them, checked against
 * the reference's checksum, and counts how many bytes of each segment the tree still refers to,
 * so the log keeps exactly the segments a version may still read. The log implements it; the page
 * store, which reads every value a leaf refers to and sees every value the tree stops referring
 * to, is handed one, so neither imports the other.
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

    /** The version being built refers to {@code ref} (a put applied to the tree). Under the commit lock. */
    void added(Logged ref);

    /** The version numbered {@code seq} no longer refers to {@code ref} (overwritten or deleted). Under the commit lock. */
    void discarded(Logged ref, long seq);

    /** Bytes of values the newest version refers to, over all segments. */
    long liveBytes();

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
            public void added(Logged ref) {
                throw new IllegalStateException(what + " has no log to hold values");
            }

            @Override
            public void discarded(Logged ref, long seq) {
                read(ref); // a reference where there is no log: report it as the corruption it is
            }

            @Override
            public long liveBytes() {
                return 0;
            }

            @Override
            public void close() {}
        };
    }
}
