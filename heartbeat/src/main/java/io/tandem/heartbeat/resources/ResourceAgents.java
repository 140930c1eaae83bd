package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ConfigProblem;
import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.CommandRunner;
import io.tandem.heartbeat.vip.VirtualIpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the {@link ResourceAgent} for each haresources resource of one node: built in for IPaddr and IPaddr2
 * addresses, an {@link InProcessAgent} for the in-process types the daemon was given (drbddisk), a {@link
 * ScriptResource} for everything else.
 */
public final class ResourceAgents {

    private final String node;
    private final String logName;
    private final ResourceScripts scripts;
    private final CommandRunner runner;
    private final ActionTimeouts timeouts;
    private final ArpAnnouncer announcer;
    private final Map<String, InProcessResource.Type> inProcessTypes;

    /**
     * @param node this node's name, given to scripts as {@code HA_CURHOST}
     * @param scripts where scripts are found
     * @param runner runs scripts and {@code ip} (on the host, or in a namespace for tests)
     * @param timeouts per action
     * @param announcer sends the gratuitous ARPs after an address is added
     */
    public ResourceAgents(String node, ResourceScripts scripts, CommandRunner runner, ActionTimeouts timeouts,
            ArpAnnouncer announcer) {
        this(node, scripts, runner, timeouts, announcer, Map.of());
    }

    /**
     * @param inProcessTypes resource types run in the daemon, by haresources name; they take precedence over a
     *     script of the same name
     */
    public ResourceAgents(String node, ResourceScripts scripts, CommandRunner runner, ActionTimeouts timeouts,
            ArpAnnouncer announcer, Map<String, InProcessResource.Type> inProcessTypes) {
        this.inProcessTypes = Map.copyOf(inProcessTypes);
        this.node = Objects.requireNonNull(node, "node");
        this.logName = "heartbeat[" + node + "]";
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
    }

    /** {@code heartbeat[node]}, which starts every log line about resources. */
    public String logName() {
        return logName;
    }

    /** Every resource of {@code groups} that has no script: see {@link ResourceScripts#check}. */
    public List<ConfigProblem> check(List<ResourceGroup> groups) {
        List<ConfigProblem> problems = new ArrayList<>(scripts.check(groups, inProcessTypes.keySet()));
        for (ResourceGroup group : groups) {
            for (ResourceSpec resource : group.resources()) {
                InProcessResource.Type type = inProcessTypes.get(resource.name());
                if (type == null) {
                    continue;
                }
                try {
                    type.create(resource.arguments());
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem("haresources", 0, group.preferredNode(), "resource "
                            + resource.canonical() + " (group " + group.key() + "): " + e.getMessage()));
                }
            }
        }
        return problems;
    }

    /** The haresources names run in the daemon rather than by a script. */
    public java.util.Set<String> inProcessTypeNames() {
        return inProcessTypes.keySet();
    }

    /**
     * The agent for {@code resource}.
     *
     * @throws ResourceScriptNotFoundException if it needs a script and none is found
     */
    public ResourceAgent agentFor(ResourceSpec resource) throws ResourceScriptNotFoundException {
        if (ResourceScripts.isBuiltIn(resource)) {
            VirtualIpAddress address = new VirtualIpAddress(resource.virtualIp().orElseThrow(), runner);
            return new VirtualIpResource(logName, resource, address, announcer, timeouts);
        }
        InProcessResource.Type type = inProcessTypes.get(resource.name());
        if (type != null) {
            try {
                return new InProcessAgent(logName, resource, type.create(resource.arguments()), timeouts);
            } catch (IllegalArgumentException e) {
                throw new ResourceScriptNotFoundException("resource " + resource.canonical() + ": " + e.getMessage());
            }
        }
        Path script = scripts.find(resource.name()).orElseThrow(() -> new ResourceScriptNotFoundException(
                "resource " + resource.canonical() + ": " + scripts.whyNotFound(resource.name())));
        return new ScriptResource(logName, resource, script, runner, timeouts, environment());
    }

    /**
     * What heartbeat's ResourceManager exports to scripts and what {@code shellfuncs} needs to be sourced. The log
     * variables are left unset: heartbeat's {@code ha_log} then logs through {@code logger}.
     */
    private Map<String, String> environment() {
        Path haDir = scripts.haDir();
        return Map.of("HA_DIR", haDir.toString(), "HA_FUNCS", haDir.resolve("shellfuncs").toString(),
                "HA_RESOURCEDIR", scripts.resourceDir().toString(), "HA_CURHOST", node);
    }
}
