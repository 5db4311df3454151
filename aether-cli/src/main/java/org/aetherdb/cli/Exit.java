package org.aetherdb.cli;

/** The exit codes of {@code aether}; scripts rely on them, so they never change meaning. */
final class Exit {
    static final int OK = 0;
    /** {@code get}: the key is absent. */
    static final int NOT_FOUND = 1;
    /** {@code bench compare --fail-below R}: an aetherdb row regressed below R, outside the runs' spreads. */
    static final int REGRESSION = 1;
    /** Bad command line or bad input (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** {@code verify} found problems. */
    static final int VERIFY_FAILED = 3;
    /** The database refused: corruption, locked, incompatible format, no database there. */
    static final int DATABASE = 4;
    /** An I/O error or anything unexpected. */
    static final int IO = 5;

    private Exit() {}
}
