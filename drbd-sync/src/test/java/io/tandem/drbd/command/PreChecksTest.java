package io.tandem.drbd.command;

import io.tandem.drbd.config.Dialect;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.command.NodeState.Connection;
import io.tandem.drbd.command.NodeState.DataComparison;
import io.tandem.drbd.command.NodeState.DiskState;
import io.tandem.drbd.command.NodeState.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PreChecksTest {

    private static final String R = "img_server";

    /** The survivor of flow C: WFConnection, Secondary/Unknown, UpToDate/DUnknown. */
    private static final NodeState SURVIVOR = new NodeState(Role.SECONDARY, DiskState.UPTODATE, DiskState.DUNKNOWN,
            Connection.CONNECTING, false, DataComparison.UNKNOWN);

    @Test
    void promotesAnUpToDateSecondary() {
        assertThat(new PreChecks(Dialect.V84).checkPromote(R, new Intent.Promote(false), SURVIVOR))
                .isInstanceOf(PreCheckResult.Proceed.class);
    }

    @Test
    void refusesToPromoteAConsistentDiskAndNamesTheForcedCommandOfTheDialect() {
        NodeState rebooted = new NodeState(Role.SECONDARY, DiskState.CONSISTENT, DiskState.DUNKNOWN,
                Connection.CONNECTING, false, DataComparison.UNKNOWN);

        PreCheckResult v83 = new PreChecks(Dialect.V83).checkPromote(R, new Intent.Promote(false), rebooted);
        PreCheckResult v9 = new PreChecks(Dialect.V9).checkPromote(R, new Intent.Promote(false), rebooted);

        assertThat(v83).isInstanceOfSatisfying(PreCheckResult.Refused.class, refused -> {
            assertThat(refused.reason()).contains("Consistent, not UpToDate");
            assertThat(refused.retriable()).isFalse();
            assertThat(refused.recoveryCommands()).startsWith("drbdadm connect img_server",
                    "drbdadm wait-connect img_server", "drbdadm primary img_server");
            assertThat(refused.message()).contains("Recover with:\n  drbdadm connect img_server")
                    .contains("drbdadm -- --overwrite-data-of-peer primary img_server");
        });
        assertThat(((PreCheckResult.Refused) v9).message()).contains("drbdadm primary --force img_server");
    }

    @Test
    void refusesToPromoteAnOutdatedDiskAndPointsAtThePeer() {
        NodeState outdated = new NodeState(Role.SECONDARY, DiskState.OUTDATED, DiskState.UPTODATE,
                Connection.CONNECTED, false, DataComparison.SAME_OR_OLDER);

        PreCheckResult result = new PreChecks(Dialect.V84).checkPromote(R, new Intent.Promote(false), outdated);

        assertThat(result).isInstanceOfSatisfying(PreCheckResult.Refused.class, refused -> assertThat(
                refused.recoveryCommands()).contains("on the peer: drbdadm primary img_server"));
    }

    @ParameterizedTest
    @EnumSource(value = DiskState.class, names = {"CONSISTENT", "OUTDATED", "INCONSISTENT"})
    void promotesStaleDataOnlyWhenForced(DiskState disk) {
        NodeState state = new NodeState(Role.SECONDARY, disk, DiskState.DUNKNOWN, Connection.STANDALONE, false,
                DataComparison.UNKNOWN);
        PreChecks checks = new PreChecks(Dialect.V9);

        assertThat(checks.checkPromote(R, new Intent.Promote(false), state).isRefused()).isTrue();
        assertThat(checks.checkPromote(R, new Intent.Promote(true), state).isRefused()).isFalse();
    }

    @Test
    void refusesToPromoteWithoutALocalDiskEvenWhenForced() {
        NodeState diskless = new NodeState(Role.SECONDARY, DiskState.DISKLESS, DiskState.UPTODATE,
                Connection.CONNECTED, false, DataComparison.UNKNOWN);

        assertThat(new PreChecks(Dialect.V84).checkPromote(R, new Intent.Promote(true), diskless))
                .isInstanceOfSatisfying(PreCheckResult.Refused.class,
                        refused -> assertThat(refused.reason()).contains("DISKLESS"));
    }

    @Test
    void refusesToDemoteWhileMountedAsARetriableRefusal() {
        NodeState primaryMounted = new NodeState(Role.PRIMARY, DiskState.UPTODATE, DiskState.UPTODATE,
                Connection.CONNECTED, true, DataComparison.UNKNOWN);
        NodeState primaryUnmounted = new NodeState(Role.PRIMARY, DiskState.UPTODATE, DiskState.UPTODATE,
                Connection.CONNECTED, false, DataComparison.UNKNOWN);
        PreChecks checks = new PreChecks(Dialect.V83);

        assertThat(checks.checkDemote(R, primaryMounted)).isInstanceOfSatisfying(PreCheckResult.Refused.class,
                refused -> {
                    assertThat(refused.retriable()).isTrue();
                    assertThat(refused.recoveryCommands()).containsExactly("fuser -vm $(drbdadm sh-dev img_server)",
                            "umount $(drbdadm sh-dev img_server)", "drbdadm secondary img_server");
                });
        assertThat(checks.checkDemote(R, primaryUnmounted)).isInstanceOf(PreCheckResult.Proceed.class);
    }

    @Test
    void discardsOnAStandAloneSecondaryVictim() {
        NodeState victim = new NodeState(Role.SECONDARY, DiskState.UPTODATE, DiskState.DUNKNOWN,
                Connection.STANDALONE, false, DataComparison.SAME_OR_OLDER);

        assertThat(new PreChecks(Dialect.V84).checkDiscardAfterSplitBrain(R, victim, false).isRefused()).isFalse();
    }

    @Test
    void refusesToDiscardOnThePrimaryWithNewerDataAndTellsHowToDiscardOnThePeerInstead() {
        NodeState primary = new NodeState(Role.PRIMARY, DiskState.UPTODATE, DiskState.DUNKNOWN,
                Connection.STANDALONE, false, DataComparison.NEWER);

        PreCheckResult v83 = new PreChecks(Dialect.V83).checkDiscardAfterSplitBrain(R, primary, false);
        PreCheckResult v9 = new PreChecks(Dialect.V9).checkDiscardAfterSplitBrain(R, primary, false);

        assertThat(v83).isInstanceOfSatisfying(PreCheckResult.Refused.class, refused -> {
            assertThat(refused.reason()).contains("this side is Primary").contains("holds the newer data");
            assertThat(refused.recoveryCommands()).containsSubsequence(
                    "on the peer: drbdadm disconnect img_server",
                    "on the peer: drbdadm secondary img_server",
                    "on the peer: drbdadm -- --discard-my-data connect img_server",
                    "drbdadm connect img_server");
        });
        assertThat(((PreCheckResult.Refused) v9).recoveryCommands())
                .contains("on the peer: drbdadm connect --discard-my-data img_server");
        assertThat(new PreChecks(Dialect.V9).checkDiscardAfterSplitBrain(R, primary, true).isRefused()).isFalse();
    }

    @Test
    void refusesToDiscardWhileConnectedBecauseThereIsNoSplitBrain() {
        NodeState connected = new NodeState(Role.SECONDARY, DiskState.UPTODATE, DiskState.UPTODATE,
                Connection.CONNECTED, false, DataComparison.UNKNOWN);

        assertThat(new PreChecks(Dialect.V84).checkDiscardAfterSplitBrain(R, connected, false))
                .isInstanceOfSatisfying(PreCheckResult.Refused.class,
                        refused -> assertThat(refused.reason()).contains("no split brain to recover"));
    }

    @Test
    void refusesToDiscardWhileMountedEvenWhenForced() {
        NodeState mounted = new NodeState(Role.PRIMARY, DiskState.UPTODATE, DiskState.DUNKNOWN,
                Connection.STANDALONE, true, DataComparison.SAME_OR_OLDER);

        assertThat(new PreChecks(Dialect.V84).checkDiscardAfterSplitBrain(R, mounted, true))
                .isInstanceOfSatisfying(PreCheckResult.Refused.class, refused -> {
                    assertThat(refused.retriable()).isTrue();
                    assertThat(refused.recoveryCommands()).containsExactly("umount $(drbdadm sh-dev img_server)");
                });
    }
}
