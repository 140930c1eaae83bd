package io.tandem.heartbeat.config;

import java.util.List;
import java.util.Objects;

/**
 * Everything the heartbeat files say, for one node, checked and immutable. Keys and stonith or fence parameters
 * print as {@code ********}.
 *
 * @param localNode this node's name, lower case, as it appears in ha.cf's node lines
 * @param haCf ha.cf
 * @param authKeys authkeys
 * @param resourceGroups haresources, in file order
 * @param tandem tandem.cf, or its defaults when there is none
 * @param warnings what was accepted but deserves a look, to be logged once at start
 */
public record HeartbeatConfig(String localNode, HaConfig haCf, AuthKeys authKeys, List<ResourceGroup> resourceGroups,
        TandemSettings tandem, List<ConfigProblem> warnings) {

    public HeartbeatConfig {
        Objects.requireNonNull(localNode, "localNode");
        Objects.requireNonNull(haCf, "haCf");
        Objects.requireNonNull(authKeys, "authKeys");
        resourceGroups = List.copyOf(resourceGroups);
        Objects.requireNonNull(tandem, "tandem");
        warnings = List.copyOf(warnings);
        if (!haCf.hasNode(localNode)) {
            throw new IllegalArgumentException(localNode + " is not a node of ha.cf: " + haCf.nodes());
        }
    }

    /** The configured members other than this node, in ha.cf order. */
    public List<String> peers() {
        return haCf.nodes().stream().filter(node -> !node.equals(localNode)).toList();
    }

    /** The groups whose home is this node ("local" in heartbeat's terms). */
    public List<ResourceGroup> localGroups() {
        return resourceGroups.stream().filter(group -> group.preferredNode().equals(localNode)).toList();
    }
}
