package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Starts and stops resource groups as heartbeat's ResourceManager does (takegroup, givegroup), with timeouts and
 * without the reboot.
 *
 * Start: left to right. A resource whose status says RUNNING is skipped. On the first start that fails, the failed
 *   resource and everything to its left is stopped again, right to left, including what was found running: a
 *   group is held whole or not at all, or the peer could not take it over (two nodes answering for one address).
 *   Resources to the right of the failure were never touched and are left alone.
 * Stop: right to left. A failed stop is retried (StopRetries); when the retries are used up, status decides, as in
 *   ResourceManager: STOPPED means the script is merely not LSB-compliant and stopping goes on; anything else ends
 *   the group STOP_FAILED at once. The resources to the left are what the stuck one runs on (its filesystem, its
 *   address) and stay until the caller has fenced or given up.
 * Missing script (deleted since ResourceScripts.check): a start fails before running anything; a stop stops what
 *   is right of it and ends STOP_FAILED there, since without the script nothing can tell whether it still runs.
 * Threads: each group action runs as one task on the executor; the caller gets a future at once. Actions on the
 *   same group run one after the other, in the order asked, so a stop asked during a start waits for it.
 */
/**
 * Starts and stops resource groups off the caller's thread, one action at a time per group, and reports each as a
 * {@link GroupResult}. See the notes at the top of the source for the order, rollback and retry rules.
 */
public final class GroupRunner {

    private static final Logger log = LoggerFactory.getLogger(GroupRunner.class);

    /** Waits between stop attempts; tests record the waits instead of taking them. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ResourceAgents agents;
    private final Executor executor;
    private final StopRetries retries;
    private final Sleeper sleeper;
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Map<String, CompletableFuture<GroupResult>> lastByGroup = new HashMap<>();

    /**
     * @param agents makes the agent of each resource
     * @param executor runs the scripts; a virtual-thread-per-task executor suits it
     * @param retries for failed stops
     */
    public GroupRunner(ResourceAgents agents, Executor executor, StopRetries retries) {
        this(agents, executor, retries, duration -> Thread.sleep(duration));
    }

    GroupRunner(ResourceAgents agents, Executor executor, StopRetries retries, Sleeper sleeper) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Starts {@code group}'s resources left to right, after whatever was already asked of this group. */
    public CompletableFuture<GroupResult> start(ResourceGroup group) {
        return enqueue(group, ResourceAction.START);
    }

    /** Stops {@code group}'s resources right to left, after whatever was already asked of this group. */
    public CompletableFuture<GroupResult> stop(ResourceGroup group) {
        return enqueue(group, ResourceAction.STOP);
    }

    private CompletableFuture<GroupResult> enqueue(ResourceGroup group, ResourceAction action) {
        Objects.requireNonNull(group, "group");
        queueLock.lock();
        try {
            CompletableFuture<GroupResult> previous = lastByGroup.get(group.key());
            CompletableFuture<?> after = previous == null ? CompletableFuture.completedFuture(null)
                    : previous.handle((result, failure) -> null);
            CompletableFuture<GroupResult> next = after.thenApplyAsync(ignored -> run(group, action), executor);
            lastByGroup.put(group.key(), next);
            return next;
        } finally {
            queueLock.unlock();
        }
    }

    /** A resource of the group with its agent, or why it has none (its script went missing since the check). */
    private record Link(ResourceSpec spec, ResourceAgent agent, String missing) {}

    private GroupResult run(ResourceGroup group, ResourceAction action) {
        long started = System.nanoTime();
        List<ActionResult> steps = new ArrayList<>();
        String resources = group.resources().stream().map(ResourceSpec::canonical).collect(Collectors.joining(" "));
        log.info("{} {} group {}: {}", agents.logName(), action == ResourceAction.START ? "taking" : "releasing",
                group.key(), resources);
        List<Link> chain = new ArrayList<>();
        for (ResourceSpec resource : group.resources()) {
            try {
                chain.add(new Link(resource, agents.agentFor(resource), null));
            } catch (ResourceScriptNotFoundException e) {
                chain.add(new Link(resource, null, e.getMessage()));
            }
        }
        GroupOutcome outcome;
        if (action == ResourceAction.START) {
            outcome = startAll(chain, steps);
        } else {
            outcome = stopAll(chain, chain.size(), steps);
        }
        GroupResult result = new GroupResult(group.key(), action, outcome, steps,
                Duration.ofNanos(System.nanoTime() - started));
        report(result);
        return result;
    }

    private GroupOutcome startAll(List<Link> chain, List<ActionResult> steps) {
        // A group that cannot start whole is not started at all.
        for (Link link : chain) {
            if (link.agent() == null) {
                steps.add(missing(link, ResourceAction.START));
                return GroupOutcome.START_FAILED;
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            ResourceAgent agent = chain.get(i).agent();
            ActionResult status = agent.status();
            steps.add(status);
            if (status.outcome() == ActionOutcome.RUNNING) {
                continue;
            }
            ActionResult start = agent.start();
            steps.add(start);
            if (!start.isSuccess()) {
                log.warn("{} start of {} failed; stopping the group again, right to left from there",
                        agents.logName(), agent.spec().canonical());
                return stopAll(chain, i + 1, steps) == GroupOutcome.STOPPED ? GroupOutcome.START_FAILED
                        : GroupOutcome.STOP_FAILED;
            }
        }
        return GroupOutcome.STARTED;
    }

    /** Stops {@code chain[0..count)} right to left; ends at the first resource that will not stop. */
    private GroupOutcome stopAll(List<Link> chain, int count, List<ActionResult> steps) {
        for (int i = count - 1; i >= 0; i--) {
            Link link = chain.get(i);
            if (link.agent() == null) {
                // Without its script nothing can tell whether it still runs; count it as held.
                steps.add(missing(link, ResourceAction.STOP));
                return GroupOutcome.STOP_FAILED;
            }
            if (!stopWithRetries(link.agent(), steps)) {
                return GroupOutcome.STOP_FAILED;
            }
        }
        return GroupOutcome.STOPPED;
    }

    private static ActionResult missing(Link link, ResourceAction action) {
        return new ActionResult(link.spec().canonical(), action, ActionOutcome.FAILED, OptionalInt.empty(),
                link.missing(), "", Duration.ZERO);
    }

    private boolean stopWithRetries(ResourceAgent agent, List<ActionResult> steps) {
        String resource = agent.spec().canonical();
        for (int attempt = 0; attempt <= retries.retries(); attempt++) {
            if (attempt > 0) {
                log.info("{} retrying the failed stop of {} ({} of {})", agents.logName(), resource, attempt,
                        retries.retries());
                try {
                    sleeper.sleep(retries.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ActionResult stop = agent.stop();
            steps.add(stop);
            if (stop.isSuccess()) {
                return true;
            }
            if (stop.outcome() == ActionOutcome.TIMED_OUT || Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        ActionResult status = agent.status();
        steps.add(status);
        if (status.outcome() == ActionOutcome.STOPPED) {
            log.error("{} stop of {} failed, but its status says stopped: taken as stopped. Its script is probably"
                    + " not LSB-compliant (stop must exit 0, also when already stopped)", agents.logName(), resource);
            return true;
        }
        return false;
    }

    private void report(GroupResult result) {
        long millis = result.duration().toMillis();
        switch (result.outcome()) {
            case STARTED, STOPPED -> log.info("{} group {} {} in {} ms", agents.logName(), result.groupKey(),
                    result.outcome() == GroupOutcome.STARTED ? "started" : "stopped", millis);
            case START_FAILED -> log.warn("{} group {} did not start: {}. It is not held here: what had started"
                    + " was stopped again ({} ms)", agents.logName(), result.groupKey(), failureText(result), millis);
            case STOP_FAILED -> log.error("{} group {} did not stop: {}. It and the resources before it may still be"
                    + " held here: do not let another node take the group before this one is fenced ({} ms)",
                    agents.logName(), result.groupKey(), failureText(result), millis);
        }
    }

    private static String failureText(GroupResult result) {
        return result.failure().map(ActionResult::summary).orElse("no action failed");
    }
}
