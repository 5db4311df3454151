package org.aetherdb;

import java.nio.file.Path;

/**
 * Child-process probe for the cross-process lock test: tries to open the database given as the
 * first argument (4 KiB pages) and prints {@code OPENED} or {@code FAILED <exception class>}.
 */
public final class LockProbe {
    private LockProbe() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try (AetherDB db = AetherDB.open(dir, TestDb.disk())) {
            db.get(Bytes.utf8("probe"));
            System.out.println("OPENED");
        } catch (Throwable t) {
            System.out.println("FAILED " + t.getClass().getName() + " " + t.getMessage());
        }
        System.out.flush();
    }
}
