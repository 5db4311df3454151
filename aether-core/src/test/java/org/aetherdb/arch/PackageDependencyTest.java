package org.aetherdb.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.aetherdb.AetherDB;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of aether-core, checked on its compiled classes (docs/ARCHITECTURE.md,
 * "Packages and what they may import"):
 * <ol>
 *   <li>no cycle among the packages (every package sees only packages below it);</li>
 *   <li>no internal package refers to the API package {@code org.aetherdb}: the API translates
 *       at its boundary, the engine never sees API types;</li>
 *   <li>the file-layer SPI {@code org.aetherdb.io} refers to no other package of the engine;</li>
 *   <li>the module exports exactly the API and the SPI;</li>
 *   <li>a type of an internal package is public only if another package uses it (Java needs
 *       that much; the module keeps it from applications, which see only the exports).</li>
 * </ol>
 */
class PackageDependencyTest {
    static final String API = "org.aetherdb";
    static final String SPI = "org.aetherdb.io";

    static Path mainClasses() {
        try {
            return Path.of(AetherDB.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePackagesFormNoCycle() {
        PackageGraph g = PackageGraph.of(mainClasses());
        assertTrue(g.edges.size() >= 10, "expected the core's packages, found:\n" + g);
        assertEquals(List.of(), g.cycles(), "package cycles in aether-core; the graph:\n" + g);
    }

    @Test
    void noInternalPackageRefersToTheApi() {
        Map<String, Set<String>> offenders = new TreeMap<>();
        PackageGraph.of(mainClasses()).edges.forEach((from, to) -> {
            if (!from.equals(API) && to.contains(API)) {
                offenders.put(from, to);
            }
        });
        assertEquals(Map.of(), offenders, "internal packages that refer to the API package (translate at the boundary instead)");
    }

    @Test
    void theSpiStandsAlone() {
        Set<String> to = PackageGraph.of(mainClasses()).edges.get(SPI);
        assertEquals(Set.of(), to, SPI + " must not depend on the engine it plugs into");
    }

    @Test
    void theModuleExportsTheApiAndTheSpiOnly() {
        ModuleDescriptor d = ModuleFinder.of(mainClasses()).find("org.aetherdb").orElseThrow().descriptor();
        Set<String> exports = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of(API, SPI)), exports);
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no qualified exports");
        assertEquals(Set.of(), d.opens(), "no package is opened to reflection");
    }

    @Test
    void internalTypesArePublicOnlyWhenAnotherPackageUsesThem() {
        assertEquals(Set.of(), PackageGraph.needlesslyPublic(mainClasses(), Set.of(API, SPI)),
                "public classes of internal packages that no other package uses: make them package-private");
    }

    /**
     * Each package's {@code package-info.java} states what it may import ("May import: ..."); what
     * its compiled classes refer to must be in that list, so the documentation cannot drift from
     * the code. (A package may import less than it declares.)
     */
    @Test
    void everyPackageImportsOnlyWhatItsPackageInfoAllows() throws Exception {
        Path sources = Path.of("src/main/java");
        Map<String, Set<String>> undeclared = new TreeMap<>();
        PackageGraph g = PackageGraph.of(mainClasses());
        for (Map.Entry<String, Set<String>> e : g.edges.entrySet()) {
            if (e.getKey().equals(API)) {
                continue; // the boundary: it may use every engine package
            }
            Path info = sources.resolve(e.getKey().replace('.', '/')).resolve("package-info.java");
            assertTrue(java.nio.file.Files.exists(info), "no package-info.java for " + e.getKey());
            String text = java.nio.file.Files.readString(info);
            int from = text.indexOf("May import:");
            int to = text.indexOf("Never imports:", from);
            assertTrue(from >= 0 && to > from, info + " must state \"May import:\" and \"Never imports:\"");
            Set<String> allowed = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{@code (org\\.aetherdb(?:\\.[a-z]+)*)}")
                    .matcher(text.substring(from, to));
            while (m.find()) {
                allowed.add(m.group(1));
            }
            Set<String> extra = new TreeSet<>(e.getValue());
            extra.removeAll(allowed);
            if (!extra.isEmpty()) {
                undeclared.put(e.getKey(), extra);
            }
        }
        assertEquals(Map.of(), undeclared, "packages that import what their package-info does not allow");
    }

    /** The cycle finder finds cycles: a two-package and a three-package one, not a diamond. */
    @Test
    void theCycleFinderFindsCycles() {
        PackageGraph g = new PackageGraph(Map.of(
                "a", Set.of("b"), "b", Set.of("a", "c"),
                "c", Set.of("d"), "d", Set.of("e"), "e", Set.of("c"),
                "f", Set.of("g", "h"), "g", Set.of("i"), "h", Set.of("i"), "i", Set.of()));
        assertEquals(Set.of(Set.of("a", "b"), Set.of("c", "d", "e")), Set.copyOf(g.cycles()));
    }
}
