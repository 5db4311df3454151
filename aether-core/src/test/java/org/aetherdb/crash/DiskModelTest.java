package org.aetherdb.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.aetherdb.Durability;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.MemFileIO.Event;
import org.junit.jupiter.api.Test;

/**
 * The crash-state model enumerates what it claims (lost, torn, reordered writes; lost directory
 * changes; forced data kept), and the explorer fails when the engine's forces or directory syncs
 * are not honoured (a disk that ignores them): the checks can fail.
 */
class DiskModelTest {
    private static final Path DIR = Path.of("/mem/m");
    private static final int SECTOR = 16;

    private static List<Event> record(MemFileIO fs, IoWork work) throws Exception {
        List<Event> events = new ArrayList<>();
        fs.record(events::add);
        work.run(fs);
        fs.record(null);
        return events;
    }

    interface IoWork {
        void run(MemFileIO fs) throws Exception;
    }

    /** All images of file f at the end, as strings. */
    private static Set<String> images(MemFileIO fs, Map<String, MemFileIO.DurableFile> initial, List<Event> events, String file) {
        DiskModel m = new DiskModel(initial, SECTOR);
        events.forEach(m::apply);
        DiskModel.Space space = m.space();
        Set<String> out = new HashSet<>();
        for (long k = 0; k < (long) space.total(); k++) {
            byte[] b = space.image(space.choice(k)).get(DIR.resolve(file).toString());
            out.add(b == null ? "<absent>" : new String(b).replace('\0', '.'));
        }
        return out;
    }

    private static void write(FileHandle h, long pos, String s) throws Exception {
        h.writeFully(pos, ByteBuffer.wrap(s.getBytes()));
    }

    @Test
    void unsyncedWritesMayBeLostTornOrReordered() throws Exception {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        try (FileHandle h = fs.open(DIR.resolve("f"), true)) {
            write(h, 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); // two sectors
            h.force();
        }
        fs.syncDirectory(DIR);
        Map<String, MemFileIO.DurableFile> initial = fs.durableFiles();
        List<Event> events = record(fs, f -> {
            try (FileHandle h = f.open(DIR.resolve("f"), false)) {
                write(h, 0, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"); // both sectors: may tear
                write(h, 4, "cc"); // overlaps the first: any order
            }
        });
        Set<String> got = images(fs, initial, events, "f");
        String a = "aaaaaaaaaaaaaaaa";
        String b = "bbbbbbbbbbbbbbbb";
        // first sector: a, b, a with cc, b with cc, cc then b (= b): 4 distinct; second: a or b
        Set<String> want = new HashSet<>();
        for (String first : List.of(a, b, "aaaaccaaaaaaaaaa", "bbbbccbbbbbbbbbb")) {
            for (String second : List.of(a, b)) {
                want.add(first + second);
            }
        }
        assertEquals(want, got);
    }

    @Test
    void forcedDataSurvivesAndUnsyncedNamesMayBeLost() throws Exception {
        MemFileIO fs = new MemFileIO();
        fs.createDirectories(DIR);
        Map<String, MemFileIO.DurableFile> initial = fs.durableFiles();
        List<Event> events = record(fs, f -> {
            try (FileHandle h = f.open(DIR.resolve("tmp"), true)) {
                write(h, 0, "xy");
                h.force();
            }
            f.rename(DIR.resolve("tmp"), DIR.resolve("g"));
        });
        assertEquals(Set.of("<absent>", "xy"), images(fs, initial, events, "g"));
        assertEquals(Set.of("<absent>", "xy"), images(fs, initial, events, "tmp"));
        events.add(new Event.DirSynced(DIR.toString()));
        assertEquals(Set.of("xy"), images(fs, initial, events, "g"));
        assertEquals(Set.of("<absent>"), images(fs, initial, events, "tmp"));
    }

    private static Script smallSync() {
        Random r = new Random(7);
        return new Script("self-test", Durability.SYNC).randomCommits(r, 5, 8, 2, 1, 100, 0, 0);
    }

    @Test
    void explorerCatchesALogForceTheDiskIgnores() {
        CrashExplorer x = new CrashExplorer(4096, 4096, 4, 0, 1);
        x.ignored = e -> e instanceof Event.Forced;
        AssertionError e = assertThrows(AssertionError.class, () -> x.explore(smallSync()));
        assertTrue(e.getMessage().contains("acknowledged commits lost") || e.getMessage().contains("recovery failed"), e.getMessage());
    }

    @Test
    void explorerCatchesADirectorySyncTheDiskIgnores() {
        CrashExplorer x = new CrashExplorer(4096, 4096, 4, 0, 1);
        x.ignored = e -> e instanceof Event.DirSynced;
        assertThrows(AssertionError.class, () -> x.explore(smallSync()));
    }

    @Test
    void explorerPassesWhenTheDiskHonoursEverything() {
        CrashExplorer.Counts c = new CrashExplorer(4096, 4096, 4, 0, 1).explore(smallSync());
        assertTrue(c.exhaustivePoints == c.crashPoints && c.recovered > 5, c.toString());
    }
}
