package org.aetherdb.crash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.aetherdb.io.MemFileIO;
import org.aetherdb.io.MemFileIO.Event;

/**
 * What a disk may hold after a power loss, replayed from {@link MemFileIO}'s change log.
 *
 * <p><b>The model.</b> Each file has durable bytes (as of its last force) and the writes and size
 * changes issued since (pending). The directory has durable entries (as of its last sync) and the
 * entry changes issued since (pending: create, rename, delete). A crash state is chosen by:
 * <ul>
 *   <li>for every pending directory change, whether it reached the disk (any subset, applied in
 *       issue order; a change whose source no longer exists is a no-op);</li>
 *   <li>for every file with pending changes, its size: the durable size or the size after any
 *       one pending change;</li>
 *   <li>for every {@link #sector}-aligned sector that pending writes touch, its content: the
 *       durable content with any subset of the touching writes applied, in any order where they
 *       overlap (all orders up to {@value #MAX_PERMUTED} overlapping writes, beyond that issue
 *       order and reverse order). Sectors are chosen independently, so a write may persist any
 *       subset of its sectors (torn), later writes may persist while earlier ones are lost
 *       (reordered), and a sector is atomic (it holds one of these contents, never a mix at a
 *       finer grain).</li>
 * </ul>
 * Candidate contents of a sector that are byte-identical are counted once (a preallocating write
 * of zeros over zeros adds nothing). A sector touched by more than {@value #MAX_SUBSET_WRITES}
 * pending writes gets only the issue-order prefixes and single writes as candidates (see
 * {@link Space#exhaustive}: such a point is never reported as exhaustive).
 */
final class DiskModel {
    static final int MAX_PERMUTED = 4;
    static final int MAX_SUBSET_WRITES = 12;

    final int sector;
    private final Map<Integer, FileState> files = new HashMap<>();
    private final Map<String, Integer> durableNames = new TreeMap<>();
    private final List<Event> pendingDir = new ArrayList<>();

    private record Write(long position, byte[] bytes) {
        long end() {
            return position + bytes.length;
        }
    }

    private static final class FileState {
        byte[] durable = new byte[0];
        long durableHash = hash(durable);
        byte[] current = new byte[0];
        final List<Write> pending = new ArrayList<>();
        final List<Long> sizes = new ArrayList<>();
        /** Pending writes cut to sectors (sector index -> slices in issue order), and the candidates computed so far. */
        final Map<Long, List<Write>> bySector = new TreeMap<>();
        final Map<Long, Space.SectorChoice> candidates = new HashMap<>();
        private final int sector;

        FileState(int sector) {
            this.sector = sector;
        }

        void write(long position, byte[] bytes) {
            int end = Math.toIntExact(position + bytes.length);
            if (end > current.length) {
                current = Arrays.copyOf(current, end);
            }
            System.arraycopy(bytes, 0, current, (int) position, bytes.length);
            addPending(new Write(position, bytes));
            sizes.add((long) current.length);
        }

        private void addPending(Write w) {
            pending.add(w);
            for (long s = w.position() / sector; s * sector < w.end(); s++) {
                long from = Math.max(w.position(), s * sector);
                long to = Math.min(w.end(), (s + 1) * sector);
                byte[] slice = Arrays.copyOfRange(w.bytes(), (int) (from - w.position()), (int) (to - w.position()));
                bySector.computeIfAbsent(s, k -> new ArrayList<>()).add(new Write(from - s * sector, slice));
                candidates.remove(s);
            }
        }

        void resize(long size) {
            if (size < current.length) {
                // The cut bytes read as zeros if the size change is lost but the cut sectors are not.
                addPending(new Write(size, new byte[current.length - (int) size]));
            }
            current = Arrays.copyOf(current, Math.toIntExact(size));
            sizes.add(size);
        }

        void force() {
            durable = current.clone();
            durableHash = hash(durable);
            pending.clear();
            sizes.clear();
            bySector.clear();
            candidates.clear();
        }

        Space.SectorChoice choice(long index) {
            return candidates.computeIfAbsent(index, s -> DiskModel.candidates(durable, s, bySector.get(s), sector));
        }
    }

    /** Starts from {@code initial} (all of it durable: see {@link MemFileIO#allDurable()}). */
    DiskModel(Map<String, MemFileIO.DurableFile> initial, int sector) {
        this.sector = sector;
        initial.forEach((path, f) -> {
            FileState s = new FileState(sector);
            s.durable = f.bytes().clone();
            s.durableHash = hash(s.durable);
            s.current = f.bytes().clone();
            files.put(f.id(), s);
            durableNames.put(path, f.id());
        });
    }

    void apply(Event e) {
        switch (e) {
            case Event.Created c -> {
                files.put(c.file(), new FileState(sector));
                pendingDir.add(c);
            }
            case Event.Wrote w -> files.get(w.file()).write(w.position(), w.bytes());
            case Event.Resized r -> files.get(r.file()).resize(r.size());
            case Event.Forced f -> files.get(f.file()).force();
            case Event.Deleted d -> pendingDir.add(d);
            case Event.Renamed r -> pendingDir.add(r);
            case Event.DirSynced d -> {
                String prefix = d.dir() + "/";
                List<Event> rest = new ArrayList<>();
                for (Event p : pendingDir) {
                    if (pathOf(p).startsWith(prefix)) {
                        applyDir(durableNames, p);
                    } else {
                        rest.add(p);
                    }
                }
                pendingDir.clear();
                pendingDir.addAll(rest);
            }
        }
    }

    private static String pathOf(Event e) {
        return switch (e) {
            case Event.Created c -> c.path();
            case Event.Deleted d -> d.path();
            case Event.Renamed r -> r.from();
            default -> throw new IllegalArgumentException(e.toString());
        };
    }

    private static void applyDir(Map<String, Integer> names, Event e) {
        switch (e) {
            case Event.Created c -> names.put(c.path(), c.file());
            case Event.Deleted d -> names.remove(d.path());
            case Event.Renamed r -> {
                Integer id = names.remove(r.from());
                if (id != null) {
                    names.put(r.to(), id);
                }
            }
            default -> throw new IllegalArgumentException(e.toString());
        }
    }

    /** Writes and directory changes not yet durable (the "unsynced operations" of this point). */
    int pendingOperations() {
        int n = pendingDir.size();
        for (FileState f : files.values()) {
            n += f.pending.size();
        }
        return n;
    }

    /** The crash states possible now. */
    Space space() {
        return new Space(this);
    }

    /** One choice: which digit each decision takes. */
    static final class Space {
        private final DiskModel model;
        private final Map<String, Integer> durableNames;
        private final List<Event> pendingDir;
        /** Per file with pending changes: candidate sizes and per touched sector the candidates. */
        private final Map<Integer, FileChoices> choices = new LinkedHashMap<>();
        final int[] radix;
        /** True when every decision has all its candidates (no sector over the subset bound). */
        final boolean exhaustive;

        record SectorChoice(long index, byte[][] contents, long[] hashes, boolean complete) {}

        private record FileChoices(FileState file, int sizeDigit, long[] sizes, int firstSector, List<SectorChoice> sectors) {}

        Space(DiskModel m) {
            this.model = m;
            this.durableNames = new TreeMap<>(m.durableNames);
            this.pendingDir = List.copyOf(m.pendingDir);
            List<Integer> radices = new ArrayList<>();
            for (int i = 0; i < pendingDir.size(); i++) {
                radices.add(2);
            }
            boolean all = true;
            for (Map.Entry<Integer, FileState> e : new TreeMap<>(m.files).entrySet()) {
                FileState f = e.getValue();
                if (f.pending.isEmpty() && f.sizes.isEmpty()) {
                    continue;
                }
                long[] sizes = distinct(f.durable.length, f.sizes);
                int sizeDigit = radices.size();
                radices.add(sizes.length);
                int first = radices.size();
                List<SectorChoice> sectors = new ArrayList<>();
                for (long index : f.bySector.keySet()) {
                    SectorChoice c = f.choice(index);
                    all &= c.complete();
                    sectors.add(c);
                    radices.add(c.contents().length);
                }
                choices.put(e.getKey(), new FileChoices(f, sizeDigit, sizes, first, sectors));
            }
            this.radix = radices.stream().mapToInt(Integer::intValue).toArray();
            this.exhaustive = all;
        }

        /** How many choices there are (as a double: it may not fit a long). */
        double total() {
            double t = 1;
            for (int r : radix) {
                t *= r;
            }
            return t;
        }

        int[] choice(long index) {
            int[] c = new int[radix.length];
            for (int i = 0; i < radix.length; i++) {
                c[i] = (int) (index % radix[i]);
                index /= radix[i];
            }
            return c;
        }

        int[] random(Random r) {
            int[] c = new int[radix.length];
            for (int i = 0; i < radix.length; i++) {
                c[i] = r.nextInt(radix[i]);
            }
            return c;
        }

        /** Everything issued reached the disk (what a process crash leaves). */
        int[] everything() {
            int[] c = new int[radix.length];
            for (int i = 0; i < pendingDir.size(); i++) {
                c[i] = 1;
            }
            for (FileChoices fc : choices.values()) {
                c[fc.sizeDigit()] = indexOf(fc.sizes(), fc.file().current.length);
                for (int s = 0; s < fc.sectors().size(); s++) {
                    c[fc.firstSector() + s] = fc.sectors().get(s).contents().length - 1;
                }
            }
            return c;
        }

        private Map<String, Integer> names(int[] c) {
            Map<String, Integer> names = new TreeMap<>(durableNames);
            for (int i = 0; i < pendingDir.size(); i++) {
                if (c[i] == 1) {
                    applyDir(names, pendingDir.get(i));
                }
            }
            return names;
        }

        /** A hash of the image {@code c} describes, computed without building it. */
        long hash(int[] c) {
            long h = 1;
            for (Map.Entry<String, Integer> e : names(c).entrySet()) {
                h = h * 1_000_003L + e.getKey().hashCode();
                FileChoices fc = choices.get(e.getValue());
                if (fc == null) {
                    h = h * 1_000_003L + model.files.get(e.getValue()).durableHash;
                    continue;
                }
                long size = fc.sizes()[c[fc.sizeDigit()]];
                h = h * 1_000_003L + fc.file().durableHash;
                h = h * 1_000_003L + size;
                for (int s = 0; s < fc.sectors().size(); s++) {
                    SectorChoice sc = fc.sectors().get(s);
                    int pick = c[fc.firstSector() + s];
                    if (pick != 0 && sc.index() * model.sector < size) {
                        h = h * 1_000_003L + sc.index() * 31 + sc.hashes()[pick];
                    }
                }
            }
            return h;
        }

        /** The files of the image {@code c} describes, by absolute path. */
        Map<String, byte[]> image(int[] c) {
            Map<String, byte[]> out = new TreeMap<>();
            for (Map.Entry<String, Integer> e : names(c).entrySet()) {
                FileChoices fc = choices.get(e.getValue());
                if (fc == null) {
                    out.put(e.getKey(), model.files.get(e.getValue()).durable);
                    continue;
                }
                int size = (int) fc.sizes()[c[fc.sizeDigit()]];
                byte[] b = Arrays.copyOf(fc.file().durable, size);
                for (int s = 0; s < fc.sectors().size(); s++) {
                    SectorChoice sc = fc.sectors().get(s);
                    long at = sc.index() * model.sector;
                    if (at < size) {
                        byte[] content = sc.contents()[c[fc.firstSector() + s]];
                        System.arraycopy(content, 0, b, (int) at, (int) Math.min(content.length, size - at));
                    }
                }
                out.put(e.getKey(), b);
            }
            return out;
        }
    }

    private static long[] distinct(long durable, List<Long> sizes) {
        List<Long> out = new ArrayList<>();
        out.add(durable);
        for (long s : sizes) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("size " + v + " not a candidate");
    }

    /** The distinct contents sector {@code index} may hold: first the durable one, last all writes in issue order. */
    private static Space.SectorChoice candidates(byte[] durable, long index, List<Write> writes, int sector) {
        byte[] base = new byte[sector];
        long at = index * sector;
        if (at < durable.length) {
            System.arraycopy(durable, (int) at, base, 0, (int) Math.min(sector, durable.length - at));
        }
        Map<Long, byte[]> seen = new LinkedHashMap<>();
        add(seen, base);
        int k = writes.size();
        boolean complete = k <= MAX_SUBSET_WRITES;
        if (complete) {
            for (int mask = 1; mask < (1 << k); mask++) {
                List<Write> subset = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    if ((mask & (1 << i)) != 0) {
                        subset.add(writes.get(i));
                    }
                }
                complete &= !overlapping(subset) || subset.size() <= MAX_PERMUTED;
                for (List<Write> order : orders(subset)) {
                    add(seen, applied(base, order));
                }
            }
        } else {
            for (int i = 1; i <= k; i++) {
                add(seen, applied(base, writes.subList(0, i)));
                add(seen, applied(base, List.of(writes.get(i - 1))));
            }
        }
        byte[] all = applied(base, writes);
        seen.remove(hash(all));
        add(seen, all);
        byte[][] contents = seen.values().toArray(new byte[0][]);
        long[] hashes = seen.keySet().stream().mapToLong(Long::longValue).toArray();
        return new Space.SectorChoice(index, contents, hashes, complete);
    }

    private static void add(Map<Long, byte[]> seen, byte[] content) {
        seen.putIfAbsent(hash(content), content);
    }

    private static byte[] applied(byte[] base, List<Write> order) {
        byte[] b = base.clone();
        for (Write w : order) {
            System.arraycopy(w.bytes(), 0, b, (int) w.position(), w.bytes().length);
        }
        return b;
    }

    /** The orders in which {@code subset} may land: one if no two overlap, else permutations (bounded). */
    private static boolean overlapping(List<Write> subset) {
        for (int i = 0; i < subset.size(); i++) {
            for (int j = i + 1; j < subset.size(); j++) {
                Write a = subset.get(i);
                Write b = subset.get(j);
                if (a.position() < b.end() && b.position() < a.end()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<List<Write>> orders(List<Write> subset) {
        if (!overlapping(subset)) {
            return List.of(subset);
        }
        if (subset.size() > MAX_PERMUTED) {
            List<Write> reversed = new ArrayList<>(subset);
            java.util.Collections.reverse(reversed);
            return List.of(subset, reversed);
        }
        List<List<Write>> out = new ArrayList<>();
        permute(new ArrayList<>(subset), 0, out);
        return out;
    }

    private static void permute(List<Write> a, int i, List<List<Write>> out) {
        if (i == a.size()) {
            out.add(List.copyOf(a));
            return;
        }
        for (int j = i; j < a.size(); j++) {
            java.util.Collections.swap(a, i, j);
            permute(a, i + 1, out);
            java.util.Collections.swap(a, i, j);
        }
    }

    static long hash(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b);
        return (crc.getValue() << 32) ^ Arrays.hashCode(b) ^ ((long) b.length << 48);
    }
}
