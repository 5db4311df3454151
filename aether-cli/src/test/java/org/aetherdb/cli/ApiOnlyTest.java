package org.aetherdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.aetherdb.AetherDB;
import org.junit.jupiter.api.Test;

/**
 * This module uses aether-core through what module {@code org.aetherdb} exports and nothing else:
 * no class here names a type of a package the module keeps to itself (what the compiler would
 * refuse were this module on the module path). Read from the compiled classes' constant pools, so
 * descriptors, signatures and fully qualified names count. The same check guards aether-cli and
 * aether-bench (one copy in each: neither module depends on the other).
 */
class ApiOnlyTest {
    private static final Pattern CLASS_NAME = Pattern.compile("org/aetherdb((?:/[a-z_][a-z0-9_]*)*)/[A-Z][A-Za-z0-9_$]*");

    @Test
    void onlyExportedPackagesOfTheCoreAreUsed() throws Exception {
        ModuleDescriptor core = ModuleFinder.of(location(AetherDB.class)).find("org.aetherdb").orElseThrow().descriptor();
        Set<String> exported = core.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> internal = new TreeSet<>(core.packages());
        internal.removeAll(exported);
        assertTrue(internal.size() >= 5, "the core's internal packages: " + internal);
        Map<String, Set<String>> offenders = new TreeMap<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(location(ApiOnlyTest.class).resolveSibling("classes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                classes++;
                for (PoolEntry e : ClassFile.of().parse(Files.readAllBytes(f)).constantPool()) {
                    Matcher m = e instanceof Utf8Entry u ? CLASS_NAME.matcher(u.stringValue()) : null;
                    while (m != null && m.find()) {
                        String pkg = ("org/aetherdb" + m.group(1)).replace('/', '.');
                        if (internal.contains(pkg)) {
                            offenders.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(pkg);
                        }
                    }
                }
            }
        }
        assertTrue(classes > 10, "found only " + classes + " classes");
        assertEquals(Map.of(), offenders, "classes that use packages module org.aetherdb does not export");
    }

    private static Path location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
