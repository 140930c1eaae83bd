package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.flow.DrbdPairModel;
import io.tandem.drbd.flow.Flows;
import io.tandem.drbd.flow.NodeView;
import io.tandem.drbd.flow.ResourcePolicy;
import io.tandem.drbd.status.Role;
import io.tandem.heartbeat.PeerRequests;
import io.tandem.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DRBD as a resource of tandem's failover daemon, with the seed's haresources line {@code drbddisk::img_server
 * Filesystem::/dev/drbd0::/felix::ext3}, on two daemons over loopback whose DRBD is the two-node model (this kernel
 * has no DRBD), reached through the same drbddisk code the daemon runs against drbdadm.
 *
 * <p>alpha holds the group; it crashes and beta promotes and mounts; alpha returns as Secondary and resyncs; beta
 * stops gracefully and alpha takes the group, with every block beta wrote.
 */
class DrbdFailoverIT {

    private static final String RESOURCE = "img_server";
    private static final String SEED_GROUP = "alpha drbddisk::img_server Filesystem::/dev/drbd0::/felix::ext3";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final DrbdPairModel model = new DrbdPairModel(RESOURCE, "alpha", "beta",
            ResourcePolicy.defaults(Dialect.V84).withFencing(ResourcePolicy.Fencing.RESOURCE_ONLY));
    private ModelPairDaemons daemons;

    @AfterEach
    void stopEverything() {
        if (daemons != null) {
            daemons.close();
        }
    }

    @Test
    void theDiskAndItsFilesystemFollowTheLiveNode() throws Exception {
        synchronized (model) {
            assertThat(new Flows(model).initialSync("alpha", "beta").isCompleted()).isTrue();
            model.resyncToCompletion(16);
            model.run("alpha", List.of("drbdadm", "secondary", RESOURCE));
        }
        daemons = new ModelPairDaemons(model, directory);

        var alpha = daemons.start("alpha", SEED_GROUP, PeerRequests.NONE);
        var beta = daemons.start("beta", SEED_GROUP, PeerRequests.NONE);
        awaitHolder("alpha");
        synchronized (model) {
            model.write("alpha", 1, "written on alpha");
        }

        // alpha's machine dies: no release, DRBD on beta loses its peer
        alpha.node().close();
        synchronized (model) {
            model.crash("alpha");
        }
        awaitHolder("beta");
        synchronized (model) {
            model.write("beta", 2, "written on beta while alpha was down");
            assertThat(new Flows(model).returnOfOldPrimary("alpha").isCompleted()).as("alpha back as Secondary")
                    .isTrue();
            model.resyncToCompletion(16);
        }
        var alphaAgain = daemons.start("alpha", SEED_GROUP, PeerRequests.NONE);
        Await.until("alpha joined beside beta", () -> alphaAgain.node().status().takeoverState().equals("STABLE"),
                WAIT, () -> alphaAgain.node().status().toString());
        assertThat(daemons.view("beta")).as("auto_failback off: beta keeps the group")
                .returns(Role.PRIMARY, NodeView::role);

        beta.node().shutdown(Duration.ofSeconds(20));
        awaitHolder("alpha");
        synchronized (model) {
            assertThat(model.read("alpha", 1)).contains("written on alpha");
            assertThat(model.read("alpha", 2)).contains("written on beta while alpha was down");
            assertThat(model.view("beta")).returns(Role.SECONDARY, NodeView::role).returns(false, NodeView::mounted);
        }
    }

    @Test
    void aPlannedSwitchoverWithStandbyAndBackWithTakeover() throws Exception {
        synchronized (model) {
            assertThat(new Flows(model).initialSync("alpha", "beta").isCompleted()).isTrue();
            model.resyncToCompletion(16);
            model.run("alpha", List.of("drbdadm", "secondary", RESOURCE));
        }
        daemons = new ModelPairDaemons(model, directory);
        var alpha = daemons.start("alpha", SEED_GROUP, PeerRequests.NONE);
        daemons.start("beta", SEED_GROUP, PeerRequests.NONE);
        awaitHolder("alpha");
        try (ControlSocket control = ControlSocket.open(alpha.stateDirectory(), ControlRequests.of(alpha.node(),
                false))) {
            String state = alpha.stateDirectory().toString();
            Await.until("both daemons stable", () -> daemons.statuses().stream()
                    .allMatch(status -> status.contains("STABLE")), WAIT, () -> daemons.statuses().toString());

            // hb_standby on alpha: unmount and demote there, promote and mount on beta, without a dead time
            askUntilHolder("beta", () -> Tandem.run("heartbeat", "standby", "--state-dir", state));
            synchronized (model) {
                model.write("beta", 3, "written on beta after the switchover");
            }
            // hb_takeover on alpha: beta offers the group back
            askUntilHolder("alpha", () -> Tandem.run("heartbeat", "takeover", "local", "--state-dir", state));
        }
        synchronized (model) {
            assertThat(model.read("alpha", 3)).contains("written on beta after the switchover");
            assertThat(model.isResyncing()).as("a switchover needs no resync").isFalse();
        }
        Tandem.Run noDaemon = Tandem.run("heartbeat", "standby", "foreign", "--state-dir",
                directory.resolve("no-daemon").toString());
        assertThat(noDaemon.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
    }

    /**
     * Makes the request until {@code holder} holds the group: a peer still settling an exchange ignores an offer,
     * which is cancelled unanswered, as in heartbeat, and asked again.
     */
    private void askUntilHolder(String holder, java.util.function.Supplier<Tandem.Run> request) {
        for (int attempt = 1; ; attempt++) {
            Tandem.Run run = request.get();
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            try {
                Await.until(holder + " holds the group", () -> holds(holder), Duration.ofSeconds(12),
                        () -> daemons.statuses().toString());
                return;
            } catch (AssertionError unanswered) {
                if (attempt == 3) {
                    throw unanswered;
                }
            }
        }
    }

    private boolean holds(String holder) {
        String other = holder.equals("alpha") ? "beta" : "alpha";
        NodeView here = daemons.view(holder);
        NodeView there = daemons.view(other);
        return here.role() == Role.PRIMARY && here.mounted() && there.role() != Role.PRIMARY && !there.mounted();
    }

    /** Waits until {@code holder} is Primary with the filesystem mounted and its peer is neither. */
    private void awaitHolder(String holder) {
        String other = holder.equals("alpha") ? "beta" : "alpha";
        Await.until(holder + " Primary and mounted, " + other + " not", () -> holds(holder), WAIT, () -> daemons.view("alpha") + " " + daemons.view("beta") + " " + daemons.statuses());
    }
}
