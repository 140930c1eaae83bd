package io.tandem.cli;

import io.tandem.drbd.agent.DrbdDisk;
import io.tandem.heartbeat.resources.InProcessResource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The DRBD resource types the failover daemon runs in process, by their haresources names. Here, where both modules
 * meet, because the heartbeat and drbd-sync modules do not know each other.
 */
final class DrbdResourceTypes {

    private DrbdResourceTypes() {}

    /** {@code drbddisk::RESOURCE}, made by {@code disks} for each resource name. */
    static Map<String, InProcessResource.Type> drbddisk(Function<String, DrbdDisk> disks) {
        return Map.of("drbddisk", arguments -> {
            DrbdDisk disk = disks.apply(resourceName(arguments));
            return action -> {
                DrbdDisk.Answer answer = disk.run(action.word());
                return new InProcessResource.Reply(answer.exitCode(), answer.output());
            };
        });
    }

    private static String resourceName(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("drbddisk without a resource name acts on every DRBD resource at once;"
                    + " name the one this group holds, as drbddisk::img_server");
        }
        if (arguments.size() > 1) {
            throw new IllegalArgumentException("drbddisk takes one resource name, got " + arguments.size() + ": "
                    + String.join("::", arguments));
        }
        String name = arguments.getFirst();
        if (name.equals("all") || !name.matches("[A-Za-z0-9_.+-]+")) {
            throw new IllegalArgumentException("drbddisk: \"" + name + "\" is not a DRBD resource name");
        }
        return name;
    }
}
