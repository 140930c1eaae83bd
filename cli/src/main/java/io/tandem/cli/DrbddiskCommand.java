package io.tandem.cli;

import io.tandem.drbd.agent.DrbdDisk;
import io.tandem.drbd.agent.DrbdadmHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem drbddisk}: drbd-utils' drbddisk resource script, with its arguments, output and exit codes, made safe
 * (see {@link DrbdDisk}). For the real heartbeat daemon, as {@code /etc/ha.d/resource.d/drbddisk}; tandem's own
 * daemon runs the same code in process.
 */
@Command(name = "drbddisk", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Promote (start), demote (stop) or report (status) one DRBD resource",
                "on this node, as drbd-utils' drbddisk does for heartbeat, but never",
                "promoting a disk that is not UpToDate or a node that DRBD disconnected",
                "(StandAlone, as after a split brain)."},
        exitCodeListHeading = "%nExit codes (drbddisk's, which heartbeat reads):%n",
        exitCodeList = {"0:started, stopped, or status: running (Primary)", "1:the action failed (the output says "
                + "why and how to recover)", "3:status: stopped (Secondary or not configured)",
                "4:status: cannot tell, may be running", "10:status without a resource name"},
        footerHeading = "%nAs heartbeat's resource script (haresources: drbddisk::img_server):%n",
        footer = {"  #!/bin/sh", "  exec tandem drbddisk \"$@\""})
final class DrbddiskCommand implements Callable<Integer> {

    @Parameters(arity = "1..2", paramLabel = "[RESOURCE] ACTION",
            description = "The DRBD resource, then start, stop or status.")
    List<String> words = new ArrayList<>();

    @Option(names = {"-c", "--drbd-config"}, paramLabel = "FILE",
            description = "The DRBD configuration drbdadm reads. Default: drbdadm's (/etc/drbd.conf).")
    Path drbdConfig;

    @Override
    public Integer call() {
        String action = words.getLast();
        if (words.size() == 1) {
            // drbddisk without a resource means "all"; one answer for several resources would hide which one failed.
            if (action.equals("status")) {
                System.out.println("A resource name is required for status inquiries.");
                return 10;
            }
            System.out.println("tandem drbddisk acts on one named resource: drbddisk RESOURCE " + action);
            return DrbdDisk.EXIT_GENERIC_ERROR;
        }
        DrbdDisk disk = new DrbdDisk(words.getFirst(), new DrbdadmHost(setup(drbdConfig)));
        DrbdDisk.Answer answer = disk.run(action);
        System.out.print(answer.output());
        System.out.flush();
        return answer.exitCode();
    }

    /** drbdadm as the host has it, or reading {@code drbdConfig}. */
    static DrbdadmHost.Setup setup(Path drbdConfig) {
        DrbdadmHost.Setup standard = DrbdadmHost.Setup.standard();
        if (drbdConfig == null) {
            return standard;
        }
        return new DrbdadmHost.Setup(List.of("drbdadm", "-c", drbdConfig.toString()), standard.environment(),
                standard.procDrbd(), standard.mounts(), standard.timeout());
    }
}
