package org.aetherdb;

import java.util.List;

/**
 * The outcome of {@link AetherDB#verify(java.nio.file.Path)}: every problem found, each naming
 * the file and the offset or page where it is, plus what was checked.
 */
public final class VerifyReport {
    private final List<String> problems;
    private final long pagesChecked;
    private final long entriesChecked;
    private final long logRecordsChecked;

    public VerifyReport(List<String> problems, long pagesChecked, long entriesChecked, long logRecordsChecked) {
        this.problems = List.copyOf(problems);
        this.pagesChecked = pagesChecked;
        this.entriesChecked = entriesChecked;
        this.logRecordsChecked = logRecordsChecked;
    }

    /** True when no problem was found. */
    public boolean isOk() {
        return problems.isEmpty();
    }

    /** The problems found, each naming a file and an offset or page; empty when {@link #isOk()}. */
    public List<String> problems() {
        return problems;
    }

    public long pagesChecked() {
        return pagesChecked;
    }

    public long entriesChecked() {
        return entriesChecked;
    }

    public long logRecordsChecked() {
        return logRecordsChecked;
    }

    @Override
    public String toString() {
        return (isOk() ? "OK" : problems.size() + " problem(s)") + ": " + pagesChecked + " pages, "
                + entriesChecked + " entries, " + logRecordsChecked + " log records checked"
                + (isOk() ? "" : "\n  " + String.join("\n  ", problems));
    }
}
