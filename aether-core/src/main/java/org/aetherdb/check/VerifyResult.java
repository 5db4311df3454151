package org.aetherdb.check;

import java.util.List;

/** What {@link Verifier} found; the API reports it as {@code VerifyReport}. */
public record VerifyResult(List<String> problems, long pagesChecked, long entriesChecked, long logRecordsChecked) {
    public VerifyResult {
        problems = List.copyOf(problems);
    }
}
