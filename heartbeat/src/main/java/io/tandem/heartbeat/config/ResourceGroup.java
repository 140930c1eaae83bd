package io.tandem.heartbeat.config;

import java.util.List;
import java.util.Objects;

/**
 * One line of haresources: resources that move together, started left to right and stopped right to left.
 *
 * @param preferredNode the home node, lower case: the node that holds the group when it is up (with
 *     {@code auto_failback on})
 * @param resources the resources in order; never empty
 */
public record ResourceGroup(String preferredNode, List<ResourceSpec> resources) {

    public ResourceGroup {
        Objects.requireNonNull(preferredNode, "preferredNode");
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a resource group needs at least one resource");
        }
    }

    /**
     * The group's key: its first resource as written. heartbeat names groups by it ({@code ip-request} and
     * {@code ip-request-resp} carry it as {@code ipaddr}), so it must be unique in the file.
     */
    public String key() {
        return resources.get(0).token();
    }
}
