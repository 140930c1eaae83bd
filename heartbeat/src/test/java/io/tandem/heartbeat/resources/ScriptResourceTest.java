package io.tandem.heartbeat.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptResourceTest {

    @TempDir
    Path root;

    private static final ActionTimeouts QUICK =
            new ActionTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));

    private static ResourceSpec spec(String token) {
        String[] parts = token.split("::");
        return new ResourceSpec(parts[0], List.of(parts).subList(1, parts.length), token);
    }

    @Test
    void passesTheArgumentsBeforeTheActionAsHeartbeatDoes() throws Exception {
        TestScripts test = new TestScripts(root);
        test.resource("Filesystem");
        ResourceAgent filesystem = test.agents(ActionTimeouts.DEFAULTS).agentFor(spec("Filesystem::/dev/drbd0::/data::ext4"));

        ActionResult started = filesystem.start();
        ActionResult status = filesystem.status();
        ActionResult stopped = filesystem.stop();

        assertThat(test.calls()).containsExactly("Filesystem /dev/drbd0 /data ext4 start",
                "Filesystem /dev/drbd0 /data ext4 status", "Filesystem /dev/drbd0 /data ext4 stop");
        assertThat(started.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
        assertThat(started.resource()).isEqualTo("Filesystem::/dev/drbd0::/data::ext4");
        assertThat(status.outcome()).isEqualTo(ActionOutcome.RUNNING);
        assertThat(stopped.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
        assertThat(filesystem.status().outcome()).isEqualTo(ActionOutcome.STOPPED);
    }

    @Test
    void runsInitScriptsToo() throws Exception {
        TestScripts test = new TestScripts(root);
        Path lsb = test.initScript("nginx");

        ResourceAgent nginx = test.agents(ActionTimeouts.DEFAULTS).agentFor(spec("nginx"));

        assertThat(nginx).isInstanceOfSatisfying(ScriptResource.class, script -> assertThat(script.script()).isEqualTo(lsb));
        assertThat(nginx.start().isSuccess()).isTrue();
        assertThat(test.calls()).containsExactly("nginx start");
    }

    @Test
    void givesScriptsTheEnvironmentHeartbeatGives() throws Exception {
        TestScripts test = new TestScripts(root);
        test.resource("env", "echo \"$HA_CURHOST $HA_DIR $HA_FUNCS $HA_RESOURCEDIR\"", "", "");

        ActionResult result = test.agents(ActionTimeouts.DEFAULTS).agentFor(spec("env")).start();

        assertThat(result.output().strip()).isEqualTo("node1 " + test.haDir + " " + test.haDir.resolve("shellfuncs")
                + " " + test.haDir.resolve("resource.d"));
    }

    @Test
    void aStartThatExitsNonZeroFailsWithItsCodeAndOutput() throws Exception {
        TestScripts test = new TestScripts(root);
        test.resource("mysqld", "echo starting; echo 'mysqld: Can not bind to 3306' >&2; exit 1", "", "");

        ActionResult result = test.agents(ActionTimeouts.DEFAULTS).agentFor(spec("mysqld")).start();

        assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(result.exitCode()).hasValue(1);
        assertThat(result.detail()).isEqualTo("exit 1");
        assertThat(result.output()).isEqualTo("starting\nmysqld: Can not bind to 3306\n");
        assertThat(result.summary()).startsWith("start mysqld: FAILED (exit 1) after ");
    }

    @Test
    void killsAnActionThatRunsPastItsTimeout() throws Exception {
        TestScripts test = new TestScripts(root);
        test.resource("hang", "sleep 30", "sleep 30", "sleep 30");
        ResourceAgent hang = test.agents(QUICK).agentFor(spec("hang"));

        for (ActionResult result : List.of(hang.start(), hang.stop(), hang.status())) {
            assertThat(result.outcome()).isEqualTo(ActionOutcome.TIMED_OUT);
            assertThat(result.exitCode()).isEmpty();
            assertThat(result.detail()).contains("timeout of 300 ms");
            assertThat(result.isSuccess()).isFalse();
        }
    }

    @Test
    void readsStatusByExitCodeAndOldScriptsByTheirText() throws Exception {
        TestScripts test = new TestScripts(root);
        test.resource("lsb-running", "", "", "exit 0");
        test.resource("lsb-stopped", "", "", "exit 3");
        test.resource("old-not-running", "", "", "echo 'old is not running'; exit 0");
        test.resource("old-running", "", "", "echo 'OK'; exit 1");
        test.resource("confused", "", "", "echo 'who knows'; exit 4");
        ResourceAgents agents = test.agents(ActionTimeouts.DEFAULTS);

        assertThat(agents.agentFor(spec("lsb-running")).status().outcome()).isEqualTo(ActionOutcome.RUNNING);
        assertThat(agents.agentFor(spec("lsb-stopped")).status().outcome()).isEqualTo(ActionOutcome.STOPPED);
        assertThat(agents.agentFor(spec("old-not-running")).status().outcome()).isEqualTo(ActionOutcome.STOPPED);
        assertThat(agents.agentFor(spec("old-running")).status().outcome()).isEqualTo(ActionOutcome.RUNNING);
        ActionResult confused = agents.agentFor(spec("confused")).status();
        assertThat(confused.outcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(confused.detail()).startsWith("exit 4: neither the exit code");
    }

    @Test
    void readsOnlyStdoutForTheStatusText() throws Exception {
        TestScripts test = new TestScripts(root);
        test.resource("noisy", "", "", "echo 'warning: pid file is running late' >&2; exit 4");

        ActionResult status = test.agents(ActionTimeouts.DEFAULTS).agentFor(spec("noisy")).status();

        assertThat(status.outcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(status.output()).contains("running late");
    }

    @Test
    void aScriptThatCannotBeRunFails() throws Exception {
        Path notExecutable = Files.writeString(root.resolve("plain"), "#!/bin/sh\nexit 0\n");
        ScriptResource plain = new ScriptResource("heartbeat[test]", spec("plain"), notExecutable,
                CommandRunner.onHost(), ActionTimeouts.DEFAULTS, Map.of());

        ActionResult result = plain.start();

        assertThat(result.outcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(result.exitCode()).isEmpty();
        assertThat(result.detail()).startsWith("cannot run " + notExecutable);
    }

    @Test
    void makesBuiltInAgentsForAddressesAndRefusesMissingScripts() throws Exception {
        TestScripts test = new TestScripts(root);
        ResourceAgents agents = test.agents(ActionTimeouts.DEFAULTS);

        assertThat(agents.agentFor(new ResourceSpec("IPaddr", List.of("10.10.10.100/24/eth1"), "10.10.10.100/24/eth1")))
                .isInstanceOf(VirtualIpResource.class);
        assertThat(agents.agentFor(spec("IPaddr2::10.10.10.101/24"))).isInstanceOf(VirtualIpResource.class);
        assertThatThrownBy(() -> agents.agentFor(spec("mysqld")))
                .isInstanceOf(ResourceScriptNotFoundException.class)
                .hasMessageContaining("no script " + test.haDir.resolve("resource.d/mysqld"));
    }

    @Test
    void refusesTimeoutsBelowTheFloor() {
        assertThatThrownBy(() -> new ActionTimeouts(Duration.ofSeconds(60), Duration.ofMillis(10), Duration.ofSeconds(20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stop timeout must be at least 100 ms");
        assertThat(ActionTimeouts.DEFAULTS.of(ResourceAction.STATUS)).isEqualTo(Duration.ofSeconds(20));
    }
}
