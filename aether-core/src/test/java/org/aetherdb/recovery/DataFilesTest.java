package org.aetherdb.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.MemFileIO;
import org.junit.jupiter.api.Test;

/**
 * Creating a database and choosing its superblock: a create is durable once it returns and is
 * not confused by the leftovers of an earlier create that crashed; the newer of two valid slots
 * wins, a damaged or blank slot is skipped, and a file too short for both slots is corruption.
 */
class DataFilesTest {
    private static final Path DIR = Path.of("/mem/db");
    private static final int PAGE = 4096;
    private final MemFileIO io = new MemFileIO();

    DataFilesTest() {
        io.createDirectories(DIR);
    }

    private Superblock choose(MemFileIO fs) throws IOException {
        try (FileHandle f = fs.openReadOnly(DIR.resolve(DataFiles.DATA))) {
            return DataFiles.chooseSuperblock(f);
        }
    }

    @Test
    void aCreatedDatabaseSurvivesAPowerLossRightAfterCreate() throws IOException {
        DataFiles.create(io, DIR, PAGE);
        MemFileIO after = io.crash();
        assertTrue(after.exists(DIR.resolve(DataFiles.DATA)), "the rename into place was synced");
        assertEquals(1, choose(after).generation());
        assertEquals(Superblock.firstPage(PAGE) + PAGE, after.contents(DIR.resolve(DataFiles.DATA)).length);
    }

    @Test
    void leftoversOfACrashedCreateAreOverwritten() throws IOException {
        // an earlier create's temporary file: a valid, newer superblock in slot 0 and junk beyond
        DataFiles.create(io, DIR, PAGE);
        byte[] old = io.contents(DIR.resolve(DataFiles.DATA));
        Superblock one = choose(io);
        Superblock newer = new Superblock(PAGE, 0, 6, 77, one.rootAddress(), one.rootChecksum(), 1, 0, 0, 0, one.fileEnd());
        byte[] tmp = Arrays.copyOf(old, 1 << 20);
        Arrays.fill(tmp, old.length, tmp.length, (byte) 0x5a);
        System.arraycopy(newer.encode(), 0, tmp, (int) Superblock.slotOffset(newer.generation()), Superblock.SLOT_SIZE);
        io.delete(DIR.resolve(DataFiles.DATA));
        io.setContents(DIR.resolve(DataFiles.DATA + ".tmp"), tmp);
        assertEquals(0, Superblock.slotOffset(6), "the stale superblock sits in the slot create leaves blank");

        DataFiles.create(io, DIR, PAGE);
        Superblock chosen = choose(io);
        assertEquals(1, chosen.generation(), "a stale superblock of the crashed create is not chosen");
        assertEquals(0, chosen.sequence());
        assertEquals(Superblock.firstPage(PAGE) + PAGE, io.contents(DIR.resolve(DataFiles.DATA)).length, "no stale bytes after the file end");
        assertTrue(!io.exists(DIR.resolve(DataFiles.DATA + ".tmp")));
    }

    private void writeSlots(Superblock a, Superblock b, int length) throws IOException {
        byte[] file = new byte[length];
        if (a != null) {
            System.arraycopy(a.encode(), 0, file, 0, Superblock.SLOT_SIZE);
        }
        if (b != null) {
            System.arraycopy(b.encode(), 0, file, Superblock.SLOT_SIZE, Superblock.SLOT_SIZE);
        }
        io.setContents(DIR.resolve(DataFiles.DATA), file);
    }

    private static Superblock sb(long generation) {
        long root = Superblock.firstPage(PAGE);
        return new Superblock(PAGE, 0, generation, generation * 10, root, 0, 1, 0, 0, 0, root + PAGE);
    }

    @Test
    void theNewerValidSlotWinsWhicheverSlotItIsIn() throws IOException {
        writeSlots(sb(4), sb(3), Superblock.REGION);
        assertEquals(4, choose(io).generation());
        writeSlots(sb(2), sb(3), Superblock.REGION);
        assertEquals(3, choose(io).generation());
        writeSlots(null, sb(3), Superblock.REGION);
        assertEquals(3, choose(io).generation(), "a blank slot is skipped");
        writeSlots(sb(2), null, Superblock.REGION);
        assertEquals(2, choose(io).generation());
    }

    @Test
    void aDamagedSlotIsSkippedWhenTheOtherIsValid() throws IOException {
        for (int damaged = 0; damaged < 2; damaged++) {
            writeSlots(sb(8), sb(9), Superblock.REGION);
            byte[] file = io.contents(DIR.resolve(DataFiles.DATA));
            file[damaged * Superblock.SLOT_SIZE + 40] ^= 1;
            io.setContents(DIR.resolve(DataFiles.DATA), file);
            assertEquals(damaged == 0 ? 9 : 8, choose(io).generation(), "slot " + damaged + " damaged");
        }
    }

    @Test
    void noValidSlotIsCorruptionNamingTheFirstDamage() throws IOException {
        writeSlots(sb(8), sb(9), Superblock.REGION);
        byte[] file = io.contents(DIR.resolve(DataFiles.DATA));
        file[Superblock.SLOT_SIZE + 40] ^= 1;
        file[40] ^= 1;
        io.setContents(DIR.resolve(DataFiles.DATA), file);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> choose(io));
        assertEquals(DataFiles.DATA, e.file());
        assertTrue(e.offset() < Superblock.SLOT_SIZE, "slot 0's error comes first: offset " + e.offset());

        writeSlots(null, null, Superblock.REGION);
        e = assertThrows(CorruptDataException.class, () -> choose(io));
        assertTrue(e.getMessage().contains("both slots are blank"), e.getMessage());

        // slot 0 blank, slot 1 damaged: the damage is what is reported
        writeSlots(null, sb(9), Superblock.REGION);
        file = io.contents(DIR.resolve(DataFiles.DATA));
        file[Superblock.SLOT_SIZE + 40] ^= 1;
        io.setContents(DIR.resolve(DataFiles.DATA), file);
        e = assertThrows(CorruptDataException.class, () -> choose(io));
        assertTrue(e.offset() >= Superblock.SLOT_SIZE, "offset " + e.offset());
    }

    @Test
    void aFileShorterThanBothSlotsIsCorruptionAndExactlyBothSlotsIsReadable() throws IOException {
        writeSlots(sb(4), sb(5), Superblock.REGION); // each slot holds the generations of its parity
        assertEquals(5, choose(io).generation(), "a file of exactly the superblock region holds both slots");
        for (int length : new int[] {0, 100, Superblock.SLOT_SIZE, Superblock.REGION - 1}) {
            byte[] file = Arrays.copyOf(io.contents(DIR.resolve(DataFiles.DATA)), length);
            MemFileIO short_ = new MemFileIO();
            short_.createDirectories(DIR);
            short_.setContents(DIR.resolve(DataFiles.DATA), file);
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> choose(short_), "length " + length);
            assertEquals(length, e.offset());
            assertTrue(e.getMessage().contains("shorter than its superblock region"), e.getMessage());
        }
    }
}
