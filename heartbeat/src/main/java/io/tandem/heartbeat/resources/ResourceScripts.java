package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ConfigProblem;
import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds resource scripts as heartbeat's ResourceManager does: {@code <haDir>/resource.d/<name>}, then {@code
 * <initDir>/<name>}; the first that is an executable file wins. {@code IPaddr} and {@code IPaddr2} with their
 * address argument are built in and need no script.
 */
public final class ResourceScripts {

    /** heartbeat's configuration directory on Debian. */
    public static final Path HA_DIR = Path.of("/etc/ha.d");
    /** Where LSB init scripts live. */
    public static final Path INIT_DIR = Path.of("/etc/init.d");

    private final Path haDir;
    private final Path initDir;

    /**
     * @param haDir holds {@code resource.d} and {@code shellfuncs}; scripts get it as {@code HA_DIR}
     * @param initDir searched second
     */
    public ResourceScripts(Path haDir, Path initDir) {
        this.haDir = Objects.requireNonNull(haDir, "haDir");
        this.initDir = Objects.requireNonNull(initDir, "initDir");
    }

    /** {@code /etc/ha.d/resource.d}, then {@code /etc/init.d}. */
    public static ResourceScripts standard() {
        return new ResourceScripts(HA_DIR, INIT_DIR);
    }

    public Path haDir() {
        return haDir;
    }

    /** {@code <haDir>/resource.d}. */
    public Path resourceDir() {
        return haDir.resolve("resource.d");
    }

    /** Where a script {@code name} is looked for, in order. */
    public List<Path> searchPath(String name) {
        checkName(name);
        return List.of(resourceDir().resolve(name), initDir.resolve(name));
    }

    /** The script for {@code name}: the first executable file on {@link #searchPath}. */
    public Optional<Path> find(String name) {
        return searchPath(name).stream().filter(ResourceScripts::isExecutableFile).findFirst();
    }

    /** Whether tandem runs {@code resource} itself, without a script: an IPaddr or IPaddr2 address. */
    public static boolean isBuiltIn(ResourceSpec resource) {
        return resource.isVirtualIp();
    }

    /**
     * One problem per script name that is neither built in nor found, naming the groups that use it; empty when
     * every resource can run. Check before start: a missing script found only at takeover time means a failover
     * that fails.
     */
    public List<ConfigProblem> check(List<ResourceGroup> groups) {
        return check(groups, java.util.Set.of());
    }

    /** {@link #check(List)}, where the resource types {@code inProcess} need no script either. */
    public List<ConfigProblem> check(List<ResourceGroup> groups, java.util.Set<String> inProcess) {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        for (ResourceGroup group : groups) {
            for (ResourceSpec resource : group.resources()) {
                if (!isBuiltIn(resource) && !inProcess.contains(resource.name()) && find(resource.name()).isEmpty()) {
                    missing.computeIfAbsent(resource.name(), name -> new ArrayList<>()).add(group.key());
                    nodes.putIfAbsent(resource.name(), group.preferredNode());
                }
            }
        }
        List<ConfigProblem> problems = new ArrayList<>();
        missing.forEach((name, keys) -> problems.add(new ConfigProblem("haresources", 0, nodes.get(name),
                "resource " + name + " (group" + (keys.size() == 1 ? " " : "s ") + String.join(", ", keys) + "): "
                        + whyNotFound(name))));
        return problems;
    }

    /** {@code no script /etc/ha.d/resource.d/x nor /etc/init.d/x; ...}, or what is wrong with the one found. */
    String whyNotFound(String name) {
        List<Path> candidates = searchPath(name);
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && !Files.isExecutable(candidate)) {
                return candidate + " is not executable, and heartbeat runs only executable scripts: chmod +x "
                        + candidate;
            }
        }
        return "no script " + candidates.get(0) + " nor " + candidates.get(1) + "; install it, or correct the name"
                + " in haresources (IPaddr and IPaddr2 addresses need no script)";
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a script name: \"" + name + "\"");
        }
    }
}
