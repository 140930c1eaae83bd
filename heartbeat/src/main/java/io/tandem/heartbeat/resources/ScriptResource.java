package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.CommandResult;
import io.tandem.heartbeat.vip.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource run by its script, as heartbeat runs it: {@code <script> [arg...] start|stop|status}, the {@code ::}
 * arguments before the action ({@code Filesystem::/dev/drbd0::/data::ext4} runs {@code Filesystem /dev/drbd0 /data
 * ext4 start}). start and stop succeed on exit 0; status is read by exit code, then text (see {@code LsbStatus}).
 */
public final class ScriptResource implements ResourceAgent {

    private static final Logger log = LoggerFactory.getLogger(ScriptResource.class);

    private final String logName;
    private final ResourceSpec spec;
    private final Path script;
    private final CommandRunner runner;
    private final ActionTimeouts timeouts;
    private final Map<String, String> environment;

    ScriptResource(String logName, ResourceSpec spec, Path script, CommandRunner runner, ActionTimeouts timeouts,
            Map<String, String> environment) {
        this.logName = Objects.requireNonNull(logName, "logName");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.script = Objects.requireNonNull(script, "script");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.environment = Map.copyOf(environment);
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    /** The script that runs this resource. */
    public Path script() {
        return script;
    }

    @Override
    public ActionResult run(ResourceAction action) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(spec.arguments());
        command.add(action.word());
        Duration timeout = timeouts.of(action);
        long started = System.nanoTime();
        ActionResult result;
        try {
            result = interpret(spec, action, runner.run(command, environment, timeout), timeout);
        } catch (IOException e) {
            result = new ActionResult(spec.canonical(), action, ActionOutcome.FAILED, OptionalInt.empty(),
                    "cannot run " + script + ": " + e.getMessage(), "", Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new ActionResult(spec.canonical(), action, ActionOutcome.FAILED, OptionalInt.empty(),
                    "interrupted; the script was killed", "", Duration.ofNanos(System.nanoTime() - started));
        }
        ActionLog.log(log, logName, result);
        return result;
    }

    /** Reads a script's exit as heartbeat does; {@link InProcessAgent} reads its replies the same way. */
    static ActionResult interpret(ResourceSpec spec, ResourceAction action, CommandResult run, Duration timeout) {
        String output = run.errorOutput().isBlank() ? run.output()
                : run.output() + (run.output().isEmpty() || run.output().endsWith("\n") ? "" : "\n") + run.errorOutput();
        if (run.isTimedOut()) {
            return new ActionResult(spec.canonical(), action, ActionOutcome.TIMED_OUT, OptionalInt.empty(),
                    "killed after the " + action.word() + " timeout of " + timeout.toMillis() + " ms", output,
                    run.duration());
        }
        int exit = run.exitCode().getAsInt();
        ActionOutcome outcome = switch (action) {
            case START, STOP -> exit == 0 ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED;
            // heartbeat reads only stdout (the status text in backquotes); stderr went to its debug log.
            case STATUS -> LsbStatus.interpret(exit, run.output());
        };
        String detail = "exit " + exit + (outcome == ActionOutcome.FAILED && action == ResourceAction.STATUS
                ? ": neither the exit code (0 running, 3 stopped) nor the output says whether it runs" : "");
        return new ActionResult(spec.canonical(), action, outcome, OptionalInt.of(exit), detail, output,
                run.duration());
    }
}
