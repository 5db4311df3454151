package org.aetherdb.cli;

import java.io.Console;

/** Whether the process talks to a person at a terminal. */
final class Terminals {
    private Terminals() {}

    /**
     * True when the JVM has a console attached to a terminal. Since JDK 22 {@link System#console()}
     * may return a console even when the streams are redirected; {@link Console#isTerminal()}
     * tells the difference.
     */
    static boolean isInteractive() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }
}
