package org.aetherdb.bench.engine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Drops a store's files from the OS page cache, so that a cold-read measurement starts cold:
 * {@code posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)} on every regular file, through the Foreign
 * Function and Memory API (libc {@code open}, {@code posix_fadvise}, {@code close}; the JVM needs
 * {@code --enable-native-access=ALL-UNNAMED} to do it without a warning). Linux only.
 *
 * <p>It syncs nothing: the kernel drops only clean pages, so callers close (or sync) the engine
 * first; dirty pages stay cached.
 */
public final class PageCache {
    /** {@code O_RDONLY}. */
    static final int O_RDONLY = 0;
    /** {@code POSIX_FADV_DONTNEED} on Linux. */
    static final int POSIX_FADV_DONTNEED = 4;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final MethodHandle OPEN;
    private static final MethodHandle FADVISE;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        OPEN = linker.downcallHandle(libc.findOrThrow("open"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
        FADVISE = linker.downcallHandle(libc.findOrThrow("posix_fadvise"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        CLOSE = linker.downcallHandle(libc.findOrThrow("close"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), errno);
    }

    private PageCache() {}

    /**
     * Asks the kernel to drop every regular file under {@code dir} (or {@code dir} itself, if a
     * file) from the page cache.
     *
     * @return the bytes of the files whose pages it asked to drop
     * @throws IOException when the walk, {@code open} (with its errno) or {@code posix_fadvise}
     *     (with its return value, an error number) fails
     */
    public static long drop(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        long bytes = 0;
        for (Path f : files) {
            long size = Files.size(f);
            dropFile(f);
            bytes += size;
        }
        return bytes;
    }

    private static void dropFile(Path file) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(file.toString()), O_RDONLY);
            if (fd < 0) {
                throw new IOException("open(" + file + ", O_RDONLY) failed: errno " + errno(state));
            }
            int rc = (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
            int closed = (int) CLOSE.invokeExact(state, fd);
            if (rc != 0) {
                throw new IOException("posix_fadvise(" + file + ", POSIX_FADV_DONTNEED) failed: returned " + rc);
            }
            if (closed != 0) {
                throw new IOException("close(" + file + ") failed: errno " + errno(state));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed for " + file, t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
