package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.agent.FencePeer;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.flow.DrbdPairModel;
import io.tandem.drbd.flow.Flows;
import io.tandem.drbd.flow.ResourcePolicy;
import io.tandem.drbd.status.DiskState;
import io.tandem.heartbeat.PeerRequests;
import io.tandem.heartbeat.membership.NodeStatus;
import io.tandem.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tandem's DRBD fence-peer handler, end to end: {@code tandem drbd fence-peer} talks to the local daemon's control
 * socket, the daemon asks its peer over the heartbeat channel, and the peer's daemon outdates its disk (the model's).
 * DRBD's replication link is cut (the model is partitioned) while heartbeat still sees both nodes.
 */
class DrbdFencePeerIT {

    private static final String RESOURCE = "img_server";
    private static final String GROUP = "alpha drbddisk::img_server";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final DrbdPairModel model = new DrbdPairModel(RESOURCE, "alpha", "beta",
            ResourcePolicy.defaults(Dialect.V84));
    private ModelPairDaemons daemons;
    private ControlSocket alphaControl;
    private ControlSocket betaControl;

    @AfterEach
    void stopEverything() throws Exception {
        for (ControlSocket control : new ControlSocket[] {alphaControl, betaControl}) {
            if (control != null) {
                control.close();
            }
        }
        if (daemons != null) {
            daemons.close();
        }
    }

    @Test
    void thePeerOutdatesItselfWhenAskedAndADeadPeerIsReportedDead() throws Exception {
        synchronized (model) {
            assertThat(new Flows(model).initialSync("alpha", "beta").isCompleted()).isTrue();
            model.resyncToCompletion(16);
        }
        daemons = new ModelPairDaemons(model, directory);
        var alpha = daemons.start("alpha", GROUP, DrbdPeerFencing.handler(daemons.localDrbd("alpha")));
        var beta = daemons.start("beta", GROUP, DrbdPeerFencing.handler(daemons.localDrbd("beta")));
        alphaControl = ControlSocket.open(alpha.stateDirectory(), ControlRequests.of(alpha.node(), false));
        betaControl = ControlSocket.open(beta.stateDirectory(), ControlRequests.of(beta.node(), false));
        Await.until("both daemons stable", () -> alpha.node().status().takeoverState().equals("STABLE")
                && beta.node().status().takeoverState().equals("STABLE"), WAIT, () -> daemons.statuses().toString());
        synchronized (model) {
            model.partition(); // DRBD's link only: heartbeat still hears both
        }

        // alpha, the Primary, lost its peer: its fence-peer has beta outdate itself
        Tandem.Run fromAlpha = Tandem.run("drbd", "fence-peer", RESOURCE, "--state-dir",
                alpha.stateDirectory().toString());
        // beta asking about alpha, the Primary: beta must outdate itself
        Tandem.Run fromBeta = Tandem.run("drbd", "fence-peer", RESOURCE, "--state-dir",
                beta.stateDirectory().toString());

        assertThat(fromAlpha.exitCode()).as(fromAlpha.out()).isEqualTo(FencePeer.PEER_OUTDATED);
        assertThat(fromAlpha.out()).contains("beta: img_server outdated here");
        assertThat(daemons.view("beta").disk()).isEqualTo(DiskState.OUTDATED);
        assertThat(fromBeta.exitCode()).as(fromBeta.out()).isEqualTo(FencePeer.PEER_IS_PRIMARY);

        alpha.node().close();
        Await.until("beta declared alpha dead", () -> beta.node().status().membership().peers().getFirst().status()
                == NodeStatus.DEAD, WAIT, () -> beta.node().status().toString());
        Tandem.Run afterDeath = Tandem.run("drbd", "fence-peer", RESOURCE, "--state-dir",
                beta.stateDirectory().toString());
        assertThat(afterDeath.exitCode()).as(afterDeath.out()).isEqualTo(FencePeer.PEER_DEAD);
    }

    @Test
    void aLivePeerThatDoesNotAnswerIsNotFencedAndNoDaemonMeansCannotTell() throws Exception {
        daemons = new ModelPairDaemons(model, directory);
        // beta answers only after alpha stopped waiting, as a hung peer would; a real heartbeat peer never does
        CountDownLatch alphaGaveUp = new CountDownLatch(1);
        PeerRequests.Handler slow = (kind, fields) -> {
            try {
                alphaGaveUp.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("exit", "4", "message", "too late");
        };
        var alpha = daemons.start("alpha", GROUP, PeerRequests.NONE);
        var beta = daemons.start("beta", GROUP, slow);
        Await.until("both daemons stable", () -> alpha.node().status().takeoverState().equals("STABLE")
                && beta.node().status().takeoverState().equals("STABLE"), WAIT, () -> daemons.statuses().toString());

        FencePeer.Answer unanswered = DrbdPeerFencing.outdatePeer(alpha.node(), false, RESOURCE,
                Duration.ofMillis(500));
        alphaGaveUp.countDown();
        FencePeer.Answer refused = DrbdPeerFencing.outdatePeer(beta.node(), false, RESOURCE, Duration.ofSeconds(5));
        Tandem.Run noDaemon = Tandem.run("drbd", "fence-peer", RESOURCE, "--state-dir",
                directory.resolve("nothing-here").toString());

        assertThat(unanswered.exitCode()).isEqualTo(FencePeer.CANNOT_TELL);
        assertThat(unanswered.message()).contains("alive to heartbeat but did not answer");
        assertThat(refused.exitCode()).as(refused.message()).isEqualTo(FencePeer.CANNOT_TELL);
        assertThat(refused.message()).contains("serves no drbd-outdate requests");
        assertThat(noDaemon.exitCode()).isEqualTo(FencePeer.CANNOT_TELL);
        assertThat(noDaemon.out()).contains("no tandem failover daemon answers");
    }
}
