package io.tandem.heartbeat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.config.ConfigProblem;
import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.ArpSettings;
import io.tandem.heartbeat.vip.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-process resource type in a group with a real script: it takes precedence over a script of its name, its
 * replies are read as a script's exit, a run past the timeout is interrupted, and bad arguments are a configuration
 * problem before anything starts.
 */
class InProcessAgentIT {

    @TempDir
    Path root;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    /** "disk::NAME": running after start, stopped after stop, like drbddisk's Primary and Secondary. */
    private InProcessResource.Type diskType() {
        AtomicBoolean primary = new AtomicBoolean();
        return arguments -> {
            if (arguments.size() != 1) {
                throw new IllegalArgumentException("disk needs exactly one resource name, got " + arguments);
            }
            return action -> {
                calls.add("disk " + arguments.getFirst() + " " + action.word());
                return switch (action) {
                    case START -> {
                        primary.set(true);
                        yield new InProcessResource.Reply(0, "promoted\n");
                    }
                    case STOP -> {
                        primary.set(false);
                        yield new InProcessResource.Reply(0, "demoted\n");
                    }
                    case STATUS -> primary.get() ? new InProcessResource.Reply(0, "running (Primary)\n")
                            : new InProcessResource.Reply(3, "stopped (Secondary)\n");
                };
            };
        };
    }

    private ResourceAgents agents(TestScripts scripts, ActionTimeouts timeouts, Map<String, InProcessResource.Type> types) {
        ArpAnnouncer announcer = new ArpAnnouncer("heartbeat[test]", CommandRunner.onHost(), Runnable::run,
                ArpSettings.DEFAULTS);
        return new ResourceAgents("node1", scripts.scripts(), CommandRunner.onHost(), timeouts, announcer, types);
    }

    private static ResourceGroup group(ResourceSpec... resources) {
        return new ResourceGroup("node1", List.of(resources));
    }

    @Test
    void theInProcessTypeRunsInsteadOfTheScriptAndItsRepliesDriveTheGroup() throws Exception {
        TestScripts scripts = new TestScripts(root);
        scripts.resource("disk"); // a script of the same name, which must not run
        scripts.resource("mysqld");
        GroupRunner runner = new GroupRunner(agents(scripts, ActionTimeouts.DEFAULTS, Map.of("disk", diskType())),
                executor, StopRetries.DEFAULTS, duration -> {});
        ResourceGroup group = group(new ResourceSpec("disk", List.of("r0"), "disk::r0"),
                new ResourceSpec("mysqld", List.of(), "mysqld"));

        GroupResult started = runner.start(group).get(20, TimeUnit.SECONDS);
        GroupResult stopped = runner.stop(group).get(20, TimeUnit.SECONDS);

        assertThat(started.outcome()).isEqualTo(GroupOutcome.STARTED);
        assertThat(started.steps()).extracting(ActionResult::outcome).containsExactly(ActionOutcome.STOPPED,
                ActionOutcome.SUCCEEDED, ActionOutcome.STOPPED, ActionOutcome.SUCCEEDED);
        assertThat(stopped.outcome()).isEqualTo(GroupOutcome.STOPPED);
        assertThat(calls).containsExactly("disk r0 status", "disk r0 start", "disk r0 stop");
        assertThat(scripts.calls()).containsExactly("mysqld status", "mysqld start", "mysqld stop")
                .noneMatch(call -> call.startsWith("disk"));
    }

    @Test
    void anActionPastItsTimeoutIsInterruptedAndReportedTimedOut() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        InProcessResource.Type hangs = arguments -> action -> {
            try {
                never.await(); // hangs until the agent interrupts it
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return new InProcessResource.Reply(0, "");
        };
        ActionTimeouts quick = new ActionTimeouts(Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(300));
        ResourceAgent agent = agents(new TestScripts(root), quick, Map.of("hangs", hangs))
                .agentFor(new ResourceSpec("hangs", List.of(), "hangs"));

        ActionResult result = agent.start();

        assertThat(result.outcome()).isEqualTo(ActionOutcome.TIMED_OUT);
        assertThat(interrupted.await(20, TimeUnit.SECONDS)).as("the action's thread was interrupted").isTrue();
    }

    @Test
    void argumentsTheTypeRefusesAreAConfigurationProblemAndNoScriptIsAskedFor() {
        ResourceAgents agents = agents(new TestScripts(root), ActionTimeouts.DEFAULTS, Map.of("disk", diskType()));

        List<ConfigProblem> problems = agents.check(List.of(group(new ResourceSpec("disk", List.of(), "disk"),
                new ResourceSpec("disk", List.of("r0"), "disk::r0"))));

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.message())
                .isEqualTo("resource disk (group disk): disk needs exactly one resource name, got []"));
    }
}
