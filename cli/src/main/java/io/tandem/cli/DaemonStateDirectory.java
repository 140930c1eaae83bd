package io.tandem.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir} of the commands that talk to a running failover daemon: its status.json and control.sock. */
final class DaemonStateDirectory {

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/tandem/heartbeat",
            description = "The failover daemon's state directory (status.json, control.sock). Default: "
                    + "${DEFAULT-VALUE}.")
    Path path;
}
