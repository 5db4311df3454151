package org.aetherdb.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Option;

/**
 * {@code --[no-]progress}: a progress bar on stderr for long commands. Shown by default only when
 * the CLI talks to a terminal, so that logs of scripted runs are not filled with redraws.
 */
final class ProgressOption {
    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on stderr (default: when running in a terminal).")
    Boolean progress;

    /**
     * A started bar, or null when progress is off.
     *
     * @param max  total amount of work, or -1 when unknown
     * @param unit name of the unit and its size, e.g. "MiB", 1 << 20 (or "", 1 for counts)
     */
    ProgressBar start(AetherCli cli, String task, long max, String unit, long unitSize) {
        if (!(progress == null ? cli.interactive() : progress)) {
            return null;
        }
        cli.stderr().flush();
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(unit, unitSize)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(cli.stderr(), cli.interactive() ? -1 : 100))
                .showSpeed()
                .build();
    }
}
