package org.aetherdb.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package refers to which, read from compiled classes: every name of a class under
 * {@code org/aetherdb/} in a class file's constant pool (class references, field and method
 * descriptors, generic signatures, annotations), so a dependency through a parameter type or a
 * fully qualified name counts as much as an import. Source comments and javadoc links do not.
 */
final class PackageGraph {
    private static final Pattern CLASS_NAME = Pattern.compile("org/aetherdb((?:/[a-z_][a-z0-9_]*)*)/[A-Z][A-Za-z0-9_$]*");

    /** Edges between distinct packages, both sides under {@code org.aetherdb}. */
    final Map<String, Set<String>> edges;

    PackageGraph(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    static PackageGraph of(Path classesDir) {
        Map<String, Set<String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class")).toList()) {
                ClassModel cm = ClassFile.of().parse(Files.readAllBytes(f));
                String from = packageOf(cm.thisClass().asInternalName());
                Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
                for (PoolEntry e : cm.constantPool()) {
                    if (e instanceof Utf8Entry u) {
                        Matcher m = CLASS_NAME.matcher(u.stringValue());
                        while (m.find()) {
                            String pkg = ("org/aetherdb" + m.group(1)).replace('/', '.');
                            if (!pkg.equals(from)) {
                                to.add(pkg);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PackageGraph(edges);
    }

    /**
     * The public top-level classes of internal packages (neither the API nor the SPI) that no
     * class of another package refers to: public for no reason, so the module boundary is all
     * that hides them. Nested classes count as uses of their top-level class.
     */
    static Set<String> needlesslyPublic(Path classesDir, Set<String> exported) {
        Set<String> candidates = new TreeSet<>();
        Set<String> usedElsewhere = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("-info")).toList()) {
                ClassModel cm = ClassFile.of().parse(Files.readAllBytes(f));
                String self = cm.thisClass().asInternalName();
                String from = packageOf(self);
                if (!self.contains("$") && cm.flags().has(java.lang.reflect.AccessFlag.PUBLIC) && !exported.contains(from)) {
                    candidates.add(self);
                }
                for (PoolEntry e : cm.constantPool()) {
                    if (e instanceof Utf8Entry u) {
                        Matcher m = CLASS_NAME.matcher(u.stringValue());
                        while (m.find()) {
                            String used = m.group().replaceFirst("\\$.*", "");
                            if (!packageOf(used).equals(from)) {
                                usedElsewhere.add(used);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        candidates.removeAll(usedElsewhere);
        return candidates;
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    /** Strongly connected components of more than one package: each is a cycle (Tarjan). */
    List<Set<String>> cycles() {
        List<Set<String>> out = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        edges.forEach((from, to) -> sb.append(from).append(" -> ").append(to).append('\n'));
        return sb.toString();
    }
}
