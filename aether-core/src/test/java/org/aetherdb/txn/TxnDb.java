package org.aetherdb.txn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aetherdb.AetherDB;
import org.aetherdb.Cursor;
import org.aetherdb.Durability;
import org.aetherdb.Options;
import org.aetherdb.Transaction;
import org.aetherdb.io.MemFileIO;

/** Helpers shared by the transaction tests: fast in-memory databases and text keys and values. */
final class TxnDb {
    static final Path MEM_DIR = Path.of("/mem/x");

    private TxnDb() {}

    /** Options for a fresh in-memory database: 4 KiB pages, no fsync. */
    static Options memOptions() {
        return Options.builder().fileIO(new MemFileIO()).pageSize(4096).durability(Durability.NONE).build();
    }

    /** A fresh, empty in-memory database. */
    static AetherDB openMem() {
        return AetherDB.open(MEM_DIR, memOptions());
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static byte[] num(long v) {
        return b(Long.toString(v));
    }

    static long num(byte[] v) {
        return Long.parseLong(s(v));
    }

    /** The entries with keys in {@code [from, to)} as "key=value" strings, read through a cursor of {@code tx}. */
    static List<String> scan(Transaction tx, String from, String to) {
        List<String> out = new ArrayList<>();
        try (Cursor c = tx.newCursor()) {
            for (c.seek(b(from)); c.isValid() && s(c.key()).compareTo(to) < 0; c.next()) {
                out.add(s(c.key()) + "=" + s(c.value()));
            }
        }
        return out;
    }

    /** Sum of the numeric values with keys in {@code [from, to)}, read through a cursor of {@code tx}. */
    static long sum(Transaction tx, String from, String to) {
        long sum = 0;
        try (Cursor c = tx.newCursor()) {
            for (c.seek(b(from)); c.isValid() && s(c.key()).compareTo(to) < 0; c.next()) {
                sum += num(c.value());
            }
        }
        return sum;
    }

    /** Every entry of the database as "key=value" strings, in key order. */
    static List<String> dump(AetherDB db) {
        List<String> out = new ArrayList<>();
        try (Cursor c = db.newCursor()) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                out.add(s(c.key()) + "=" + s(c.value()));
            }
        }
        return out;
    }
}
