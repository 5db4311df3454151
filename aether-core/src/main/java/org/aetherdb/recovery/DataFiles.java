package org.aetherdb.recovery;

import java.io.IOException;
import java.nio.file.Path;
import org.aetherdb.error.CorruptDataException;
import org.aetherdb.error.FormatMismatchException;
import org.aetherdb.btree.Leaf;
import org.aetherdb.btree.NodeCodec;
import org.aetherdb.format.Extent;
import org.aetherdb.format.FreeListFormat;
import org.aetherdb.format.Superblock;
import org.aetherdb.io.FileHandle;
import org.aetherdb.io.FileIO;

/** The files of a database directory, creating a new database, and choosing the superblock. */
public final class DataFiles {
    public static final String DATA = "data.aedb";
    public static final String LOCK = "LOCK";

    private DataFiles() {}

    /**
     * Creates an empty database: an empty root leaf and superblock generation 1, written to a
     * temporary file that is forced and then renamed into place, so a crash leaves either no
     * database or a complete one.
     */
    public static void create(FileIO io, Path dir, int pageSize) throws IOException {
        Path tmp = dir.resolve(DATA + ".tmp");
        long root = Superblock.firstPage(pageSize);
        try (FileHandle f = io.open(tmp, true)) {
            f.truncate(0);
            byte[] page = new byte[pageSize];
            int crc = NodeCodec.encode(Leaf.empty(), page, root);
            f.writeFully(root, page, 0, pageSize);
            Superblock sb = new Superblock(pageSize, 0, 1, 0, root, crc, 1, 0, 0, 0, root + pageSize);
            byte[] slot = sb.encode();
            f.writeFully(Superblock.slotOffset(1), slot, 0, slot.length);
            f.writeFully(Superblock.slotOffset(0), new byte[Superblock.SLOT_SIZE], 0, Superblock.SLOT_SIZE);
            f.force();
        }
        io.rename(tmp, dir.resolve(DATA));
        io.syncDirectory(dir);
    }

    /** One superblock slot as read: blank (never written), valid, or the reason it is not. */
    public record Slot(int index, boolean blank, Superblock superblock, RuntimeException error) {}

    /**
     * Reads and decodes slot {@code index}.
     *
     * @throws FormatMismatchException when the slot is intact but of another format version
     */
    public static Slot readSlot(FileHandle data, int index) throws IOException {
        byte[] b = new byte[Superblock.SLOT_SIZE];
        long off = (long) index * Superblock.SLOT_SIZE;
        data.readFully(off, b, 0, b.length);
        if (Superblock.blank(b)) {
            return new Slot(index, true, null, null);
        }
        try {
            return new Slot(index, false, Superblock.decode(b, off, data.name()), null);
        } catch (FormatMismatchException e) {
            throw e;
        } catch (CorruptDataException e) {
            return new Slot(index, false, null, e);
        }
    }

    /**
     * The free list a superblock references, read only after its extent is known to lie within
     * the file (a crafted length must not make us allocate gigabytes).
     */
    public static java.util.List<Extent> readFreeList(FileHandle data, Superblock sb) throws IOException {
        return readSpaceMap(data, sb).free();
    }

    /** The free list and value segments a superblock references (see {@link #readFreeList}). */
    public static FreeListFormat.SpaceMap readSpaceMap(FileHandle data, Superblock sb) throws IOException {
        if (sb.freeListAddress() == 0) {
            return new FreeListFormat.SpaceMap(java.util.List.of(), java.util.List.of());
        }
        long size = data.size();
        if (sb.freeListAddress() + sb.freeListBytes() > size) {
            throw new CorruptDataException(data.name(), sb.freeListAddress(), "free list of " + sb.freeListBytes()
                    + " bytes lies beyond the end of the file at " + size + " (truncated?)");
        }
        byte[] fl = new byte[sb.freeListBytes()];
        data.readFully(sb.freeListAddress(), fl, 0, fl.length);
        return FreeListFormat.decodeMap(fl, sb.freeListAddress(), sb.freeListChecksum(), sb.pageSize(), sb.fileEnd(), data.name());
    }

    /** Whether the file is long enough to hold both superblock slots. */
    public static void checkLength(FileHandle data) throws IOException {
        long size = data.size();
        if (size < Superblock.REGION) {
            throw new CorruptDataException(data.name(), size, "data file is " + size + " bytes, shorter than its superblock region");
        }
    }

    /**
     * The newest valid superblock. A slot that is blank or fails its checks is skipped as long
     * as the other is valid (a torn superblock write damages only the slot being replaced).
     *
     * @throws CorruptDataException          when neither slot is valid
     * @throws FormatMismatchException  when a slot is intact but of a format this build cannot read
     */
    public static Superblock chooseSuperblock(FileHandle data) throws IOException {
        checkLength(data);
        Superblock best = null;
        RuntimeException firstError = null;
        for (int i = 0; i < 2; i++) {
            Slot slot = readSlot(data, i);
            if (slot.superblock() != null && (best == null || slot.superblock().generation() > best.generation())) {
                best = slot.superblock();
            } else if (slot.error() != null && firstError == null) {
                firstError = slot.error();
            }
        }
        if (best == null) {
            throw firstError != null ? firstError : new CorruptDataException(data.name(), 0, "no superblock: both slots are blank");
        }
        return best;
    }
}
