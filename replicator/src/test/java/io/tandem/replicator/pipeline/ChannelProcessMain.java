package io.tandem.replicator.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.apply.TargetDataSources;
import io.tandem.replicator.source.SourceEndpoint;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;

/**
 * Runs one channel in its own JVM until killed, so that tests can {@code kill -9} a replicator.
 * Arguments: channel-name source-host source-port target-host reader-server-id tagging target-port.
 */
public final class ChannelProcessMain {

    public static void main(String[] args) throws Exception {
        HikariDataSource pool = TargetDataSources.create(args[0], args[3], Integer.parseInt(args[6]), "root", "", 8);
        ReplicationChannel channel = new ReplicationChannel(new ChannelSettings(args[0],
                new SourceEndpoint(args[1], Integer.parseInt(args[2]), "root", ""), Long.parseLong(args[4]),
                Duration.ofMillis(500), pool, new StartPosition.Earliest(),
                ChangeFilter.APPLY_ALL, Set.of(), ErrorPolicy.STRICT, LoopPrevention.valueOf(args[5]),
                "tandem", InstantSource.system()));
        channel.start();
        while (true) {
            Thread.sleep(200);
            ChannelStatus status = channel.status();
            System.out.println("status " + status.state() + " " + status.appliedPosition());
            if (status.state() == ChannelState.ERROR) {
                System.out.println("error " + status.lastError());
                System.exit(1);
            }
        }
    }
}
