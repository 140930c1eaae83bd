package io.tandem.drbd.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.flow.DrbdPairModel;
import io.tandem.drbd.flow.Flows;
import io.tandem.drbd.flow.ModelLocalDrbd;
import io.tandem.drbd.flow.ResourcePolicy;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failover resource against the two-node model: drbddisk's exit codes and retries, and the promotions it refuses
 * that drbddisk would have tried.
 */
class DrbdDiskTest {

    private static final String R = "img_server";
    private static final String A = "wshuttle-test1";
    private static final String B = "wshuttle-test2";

    private final List<String> pauses = new ArrayList<>();

    /** A is Primary with B connected and UpToDate, the device mounted on A. */
    private static DrbdPairModel inService(ResourcePolicy policy) {
        DrbdPairModel model = new DrbdPairModel(R, A, B, policy);
        assertThat(new Flows(model).initialSync(A, B).isCompleted()).isTrue();
        model.resyncToCompletion(16);
        model.mount(A);
        model.write(A, 1, "a-1");
        return model;
    }

    private DrbdDisk disk(DrbdPairModel model, String node, DrbdDisk.Pause pause) {
        return new DrbdDisk(R, new ModelLocalDrbd(model, node), DrbdDisk.Patience.DRBDDISK, (action, attempt, d) -> {
            pauses.add(action + " " + attempt);
            pause.between(action, attempt, d);
        });
    }

    private DrbdDisk disk(DrbdPairModel model, String node) {
        return disk(model, node, (action, attempt, d) -> {});
    }

    @ParameterizedTest
    @EnumSource(ResourcePolicy.Fencing.class)
    void theSurvivorOfACrashedPrimaryIsPromotedAndReportsRunning(ResourcePolicy.Fencing fencing) {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84).withFencing(fencing));
        model.crash(A);

        DrbdDisk.Answer started = disk(model, B).start();

        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("drbdadm primary img_server").contains("promoted to Primary");
        assertThat(model.view(B).role()).isEqualTo(Role.PRIMARY);
        assertThat(disk(model, B).status()).isEqualTo(new DrbdDisk.Answer(0, "running (Primary)\n"));
        assertThat(disk(model, B).start().exitCode()).as("start of a started resource").isZero();
    }

    @Test
    void anOutdatedDiskIsNotPromotedAndTheAnswerSaysWhatToDo() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));
        model.crash(B);
        model.write(A, 2, "a-2 while B was away");
        model.crash(A);
        model.up(B); // B comes back alone with data older than A's
        new ModelLocalDrbd(model, B).run(List.of("drbdadm", "outdate", R));

        DrbdDisk.Answer started = disk(model, B).start();

        assertThat(started.exitCode()).isEqualTo(DrbdDisk.EXIT_GENERIC_ERROR);
        assertThat(started.output()).contains("Refusing to promote img_server: the local disk is Outdated")
                .contains("on the peer: drbdadm primary img_server");
        assertThat(started.output().lines()).as("nothing was run").doesNotContain("drbdadm primary img_server");
        assertThat(pauses).as("a disk state that needs a decision is not retried").isEmpty();
        assertThat(model.view(B)).returns(Role.SECONDARY, v -> v.role()).returns(DiskState.OUTDATED, v -> v.disk());
    }

    @Test
    void promotionIsRetriedWhileThePeerStillLooksPrimaryAsDrbddiskDoes() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));

        // heartbeat declared A dead before DRBD noticed: A is still connected and Primary for one more attempt
        DrbdDisk.Answer started = disk(model, B, (action, attempt, d) -> model.crash(A)).start();

        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("drbdadm primary img_server exited 11");
        assertThat(pauses).containsExactly("start 1");
        assertThat(model.view(B).role()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void promotionGivesUpAfterSixAttemptsWhenThePeerStaysPrimary() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));

        DrbdDisk.Answer started = disk(model, B).start();

        assertThat(started.exitCode()).isEqualTo(DrbdDisk.EXIT_GENERIC_ERROR);
        assertThat(started.output()).contains("Multiple primaries not allowed").contains("(6 attempts)");
        assertThat(pauses).hasSize(5);
        assertThat(model.view(A).role()).isEqualTo(Role.PRIMARY);
        assertThat(model.view(B).role()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void aStandAloneNodeIsNotPromotedAfterASplitBrain() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));
        model.partition();
        model.write(A, 2, "a-2 during partition");
        assertThat(disk(model, B).start().exitCode()).as("single heartbeat path: B takes over").isZero();
        model.write(B, 3, "b-3 during partition");
        model.heal(); // the handshake finds the split brain and both drop to StandAlone
        new Flows(model).switchover(B, A); // whatever a tired operator tries next
        assertThat(disk(model, B).stop().exitCode()).isZero();

        DrbdDisk.Answer started = disk(model, B).start();

        assertThat(started.exitCode()).isEqualTo(DrbdDisk.EXIT_GENERIC_ERROR);
        assertThat(started.output()).contains("the connection is StandAlone").contains("Split-Brain detected")
                .contains("drbdadm connect --discard-my-data img_server").contains("drbdadm connect img_server");
        assertThat(model.view(B).role()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void demotionWaitsForTheFilesystemToBeReleased() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));

        // the Filesystem resource to the right unmounts late: the device is free after the first pause
        DrbdDisk.Answer stopped = disk(model, A, (action, attempt, d) -> model.umount(A)).stop();

        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("Refusing to demote img_server: its device is mounted")
                .contains("demoted to Secondary");
        assertThat(pauses).containsExactly("stop 1");
        assertThat(model.view(A).role()).isEqualTo(Role.SECONDARY);
        assertThat(disk(model, A).status()).isEqualTo(new DrbdDisk.Answer(3, "stopped (Secondary)\n"));
    }

    @Test
    void demotionFailsAfterThreeAttemptsWhileTheDeviceStaysMounted() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));

        DrbdDisk.Answer stopped = disk(model, A).stop();

        assertThat(stopped.exitCode()).isEqualTo(DrbdDisk.EXIT_GENERIC_ERROR);
        assertThat(stopped.output()).contains("(3 attempts)").contains("fuser -vm $(drbdadm sh-dev img_server)");
        assertThat(pauses).containsExactly("stop 1", "stop 2");
        assertThat(model.view(A).role()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void aResourceThatIsNotUpIsStoppedAndCannotBeStarted() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));
        model.crash(B);

        assertThat(disk(model, B).stop()).returns(0, DrbdDisk.Answer::exitCode);
        assertThat(disk(model, B).status()).isEqualTo(new DrbdDisk.Answer(3, "stopped (Unconfigured)\n"));
        DrbdDisk.Answer started = disk(model, B).start();
        assertThat(started.exitCode()).isEqualTo(DrbdDisk.EXIT_GENERIC_ERROR);
        assertThat(started.output()).contains("Unconfigured").contains("(6 attempts)");
    }

    @Test
    void anUnknownActionIsDrbddisksUsageError() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));

        assertThat(disk(model, A).run("restart"))
                .isEqualTo(new DrbdDisk.Answer(1, "Usage: drbddisk [resource] {start|stop|status}\n"));
    }
}
