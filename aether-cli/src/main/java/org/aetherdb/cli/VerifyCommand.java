package org.aetherdb.cli;

import me.tongfei.progressbar.ProgressBar;
import org.aetherdb.AetherDB;
import org.aetherdb.Options;
import org.aetherdb.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code aether verify DIR}: checks every checksum and invariant of a closed database; exit 3 on problems. */
@Command(name = "verify",
        description = {"Check every checksum and structural invariant of the (closed) database, changing nothing.",
                "Exits with 0 when it is sound, 3 when problems were found (each is listed)."})
final class VerifyCommand extends DbCommand {
    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() {
        requireDatabase(dir);
        VerifyReport report;
        ProgressBar bar = progress.start(cli, "verify (pages)", -1, "", 1);
        try {
            report = AetherDB.verify(dir, Options.defaults(), bar == null ? pages -> { } : bar::stepTo);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        out().println(report);
        return report.isOk() ? Exit.OK : Exit.VERIFY_FAILED;
    }
}
