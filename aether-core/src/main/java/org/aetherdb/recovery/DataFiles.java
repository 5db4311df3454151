package org.aetherdb.recovery;

import java.io.IOException;
import java.nio.file.Path;
import org.aetherdb.CorruptionException;
import org.aetherdb.IncompatibleFormatException;
import org.aetherdb.btree.Leaf;
import org.aetherdb.btree.NodeCodec;
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

    /**
     * The newest valid superblock. A slot that is blank or fails its checks is skipped as long
     * as the other is valid (a torn superblock write damages only the slot being replaced).
     *
     * @throws CorruptionException          when neither slot is valid
     * @throws IncompatibleFormatException  when a slot is intact but of a format this build cannot read
     */
    public static Superblock chooseSuperblock(FileHandle data) throws IOException {
        String name = data.name();
        long size = data.size();
        if (size < Superblock.REGION) {
            throw new CorruptionException(name, size, "data file is " + size + " bytes, shorter than its superblock region");
        }
        Superblock best = null;
        RuntimeException firstError = null;
        for (int slot = 0; slot < 2; slot++) {
            byte[] b = new byte[Superblock.SLOT_SIZE];
            long off = (long) slot * Superblock.SLOT_SIZE;
            data.readFully(off, b, 0, b.length);
            if (Superblock.blank(b)) {
                continue;
            }
            try {
                Superblock s = Superblock.decode(b, off, name);
                if (best == null || s.generation() > best.generation()) {
                    best = s;
                }
            } catch (IncompatibleFormatException e) {
                throw e;
            } catch (CorruptionException e) {
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        if (best == null) {
            throw firstError != null ? firstError : new CorruptionException(name, 0, "no superblock: both slots are blank");
        }
        return best;
    }
}
