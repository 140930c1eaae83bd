package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of an {@link InProcessResource}: runs each action on its own virtual thread under the action's timeout
 * (interrupting it past the timeout, as a script would be killed) and reads the reply exactly as {@link
 * ScriptResource} reads a script's exit.
 */
public final class InProcessAgent implements ResourceAgent {

    private static final Logger log = LoggerFactory.getLogger(InProcessAgent.class);

    private final String logName;
    private final ResourceSpec spec;
    private final InProcessResource resource;
    private final ActionTimeouts timeouts;

    InProcessAgent(String logName, ResourceSpec spec, InProcessResource resource, ActionTimeouts timeouts) {
        this.logName = Objects.requireNonNull(logName, "logName");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public ActionResult run(ResourceAction action) {
        Duration timeout = timeouts.of(action);
        List<String> command = List.of(spec.canonical(), action.word());
        long started = System.nanoTime();
        FutureTask<InProcessResource.Reply> task = new FutureTask<>(() -> resource.run(action));
        Thread.ofVirtual().name(logName + " " + spec.canonical() + " " + action.word()).start(task);
        CommandResult run;
        try {
            InProcessResource.Reply reply = task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            run = new CommandResult(command, OptionalInt.of(reply.exitCode()), reply.output(), "", since(started));
        } catch (TimeoutException e) {
            task.cancel(true);
            run = new CommandResult(command, OptionalInt.empty(), "", "", since(started));
        } catch (ExecutionException e) {
            run = new CommandResult(command, OptionalInt.of(1), "", "failed: " + e.getCause(), since(started));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            ActionResult result = new ActionResult(spec.canonical(), action, ActionOutcome.FAILED,
                    OptionalInt.empty(), "interrupted; the action was cancelled", "", since(started));
            ActionLog.log(log, logName, result);
            return result;
        }
        ActionResult result = ScriptResource.interpret(spec, action, run, timeout);
        ActionLog.log(log, logName, result);
        return result;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
