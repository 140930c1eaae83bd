package io.tandem.drbd.agent;

import io.tandem.drbd.command.CommandPlanner;
import io.tandem.drbd.command.Intent;
import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.command.PlannedCommand;
import io.tandem.drbd.command.PreCheckResult;
import io.tandem.drbd.command.PreChecks;
import io.tandem.drbd.config.Dialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * drbddisk (drbd-utils' heartbeat R1 script) runs "drbdadm primary" up to 6 times and "drbdadm secondary" up to 3
 * times, 1 s apart, and nothing else. The retries stay: heartbeat's deadtime may be shorter than DRBD's ping
 * timeout, so the peer can still look Primary for a few seconds, and a filesystem may still be held while the
 * services above it stop. What is added is what drbddisk leaves to the kernel or to luck:
 *   - no promotion of a disk that is not UpToDate (PreChecks), so a takeover never serves stale data;
 *   - no promotion of a StandAlone node: DRBD dropped the connection (split brain, or an administrator), and the
 *     peer may be Primary too; that is an operator's decision, with the commands printed;
 *   - stop of a resource that is not up succeeds (it cannot be Primary), as LSB asks of a stop.
 * Exit codes and the first words of the output stay drbddisk's, because heartbeat and people read them.
 */
/**
 * drbddisk's {@code start}, {@code stop} and {@code status} for one resource on this node, made safe: see the notes
 * at the top of the source. Each action blocks, never throws, logs, and answers with drbddisk's exit code and text.
 */
public final class DrbdDisk {

    /** drbddisk's exit codes, which are LSB's. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_GENERIC_ERROR = 1;
    public static final int EXIT_NOT_RUNNING = 3;
    public static final int EXIT_STATUS_UNKNOWN = 4;

    private static final Logger log = LoggerFactory.getLogger(DrbdDisk.class);

    /**
     * How often and how patiently to try.
     *
     * @param promoteAttempts drbddisk: 6
     * @param demoteAttempts drbddisk: 3
     * @param betweenAttempts drbddisk: 1 s
     */
    public record Patience(int promoteAttempts, int demoteAttempts, Duration betweenAttempts) {

        public static final Patience DRBDDISK = new Patience(6, 3, Duration.ofSeconds(1));

        public Patience {
            if (promoteAttempts < 1 || demoteAttempts < 1) {
                throw new IllegalArgumentException("each action is attempted at least once");
            }
            Objects.requireNonNull(betweenAttempts, "betweenAttempts");
        }
    }

    /** Waits between attempts; tests change the world there instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void between(String action, int failedAttempt, Duration duration) throws InterruptedException;

        Pause SLEEP = (action, failedAttempt, duration) -> Thread.sleep(duration);
    }

    /**
     * What an action printed and its exit code, as the drbddisk script would end.
     *
     * @param exitCode 0 done (status: Primary), 1 failed, 3 status: not running, 4 status: cannot tell
     * @param output the lines printed, the first of which says what happened
     */
    public record Answer(int exitCode, String output) {}

    private final String resource;
    private final LocalDrbd drbd;
    private final Patience patience;
    private final Pause pause;

    public DrbdDisk(String resource, LocalDrbd drbd, Patience patience, Pause pause) {
        CommandPlanner.requireResourceName(resource);
        this.resource = resource;
        this.drbd = Objects.requireNonNull(drbd, "drbd");
        this.patience = Objects.requireNonNull(patience, "patience");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public DrbdDisk(String resource, LocalDrbd drbd) {
        this(resource, drbd, Patience.DRBDDISK, Pause.SLEEP);
    }

    public String resource() {
        return resource;
    }

    /** Runs {@code start}, {@code stop} or {@code status}; anything else is drbddisk's usage error. */
    public Answer run(String action) {
        return switch (action) {
            case "start" -> start();
            case "stop" -> stop();
            case "status" -> status();
            default -> new Answer(EXIT_GENERIC_ERROR, "Usage: drbddisk [resource] {start|stop|status}\n");
        };
    }

    /** Promotes the resource here, if its data is current and the peer cannot be Primary. */
    public Answer start() {
        List<String> lines = new ArrayList<>();
        String lastFailure = "";
        for (int attempt = 1; attempt <= patience.promoteAttempts(); attempt++) {
            NodeState state;
            Dialect dialect;
            try {
                state = drbd.state(resource);
                dialect = drbd.dialect();
            } catch (DrbdUnavailableException e) {
                lastFailure = "cannot promote " + resource + ": " + e.getMessage();
                lines.add(lastFailure);
                if (pauseAfter("start", attempt, patience.promoteAttempts())) {
                    continue;
                }
                break;
            }
            if (state.localRole() == NodeState.Role.PRIMARY) {
                return done(lines, resource + " is Primary here");
            }
            if (state.connection() == NodeState.Connection.STANDALONE) {
                return failed("start", lines, standAloneRefusal(dialect));
            }
            PreCheckResult check = new PreChecks(dialect).checkPromote(resource, new Intent.Promote(false), state);
            if (check instanceof PreCheckResult.Refused refused) {
                if (!refused.retriable()) {
                    return failed("start", lines, refused.message());
                }
                lastFailure = refused.message();
                lines.add(refused.reason());
            } else {
                LocalDrbd.CommandOutcome outcome = runPlan(dialect, new Intent.Promote(false), lines);
                if (outcome.succeeded()) {
                    return done(lines, resource + " promoted to Primary");
                }
                lastFailure = failureOf(outcome);
                // 11: the peer still looks Primary (deadtime shorter than DRBD's ping timeout); 17: the fence-peer
                // handler has not outdated the peer yet. Anything else will not change by waiting.
                if (outcome.exitCode() != 11 && outcome.exitCode() != 17) {
                    return failed("start", lines, lastFailure);
                }
            }
            if (!pauseAfter("start", attempt, patience.promoteAttempts())) {
                break;
            }
        }
        return failed("start", lines, lastFailure + " (" + patience.promoteAttempts() + " attempts)");
    }

    /** Demotes the resource here, retrying while its device is still held. */
    public Answer stop() {
        List<String> lines = new ArrayList<>();
        String lastFailure = "";
        for (int attempt = 1; attempt <= patience.demoteAttempts(); attempt++) {
            NodeState state;
            Dialect dialect;
            try {
                state = drbd.state(resource);
                dialect = drbd.dialect();
            } catch (DrbdUnavailableException e) {
                if (e.isNotConfigured()) {
                    return done(lines, resource + " is not up here (" + e.getMessage() + "), so it is not Primary");
                }
                lastFailure = "cannot demote " + resource + ": " + e.getMessage();
                lines.add(lastFailure);
                if (pauseAfter("stop", attempt, patience.demoteAttempts())) {
                    continue;
                }
                break;
            }
            if (state.localRole() == NodeState.Role.SECONDARY) {
                return done(lines, resource + " is Secondary here");
            }
            PreCheckResult check = new PreChecks(dialect).checkDemote(resource, state);
            if (check instanceof PreCheckResult.Refused refused) {
                lastFailure = refused.message();
                lines.add(refused.reason());
            } else {
                LocalDrbd.CommandOutcome outcome = runPlan(dialect, new Intent.Demote(), lines);
                if (outcome.succeeded()) {
                    return done(lines, resource + " demoted to Secondary");
                }
                lastFailure = failureOf(outcome);
            }
            if (!pauseAfter("stop", attempt, patience.demoteAttempts())) {
                break;
            }
        }
        return failed("stop", lines, lastFailure + " (" + patience.demoteAttempts() + " attempts)");
    }

    /** drbddisk's status: {@code running (Primary)} exits 0, {@code stopped (Secondary)} 3, unknown 4. */
    public Answer status() {
        try {
            NodeState state = drbd.state(resource);
            return switch (state.localRole()) {
                case PRIMARY -> new Answer(EXIT_OK, "running (Primary)\n");
                case SECONDARY -> new Answer(EXIT_NOT_RUNNING, "stopped (Secondary)\n");
                // Unsure means possibly running: heartbeat must not start it elsewhere on that word.
                case UNKNOWN -> new Answer(EXIT_STATUS_UNKNOWN, "cannot determine status, may be running (Unknown)\n");
            };
        } catch (DrbdUnavailableException e) {
            if (e.isNotConfigured()) {
                return new Answer(EXIT_NOT_RUNNING, "stopped (Unconfigured)\n");
            }
            return new Answer(EXIT_STATUS_UNKNOWN, "cannot determine status, may be running (" + e.getMessage()
                    + ")\n");
        }
    }

    private String standAloneRefusal(Dialect dialect) {
        CommandPlanner planner = new CommandPlanner(dialect);
        StringBuilder message = new StringBuilder("Refusing to promote ").append(resource)
                .append(": the connection is StandAlone, so DRBD dropped it (after a split brain, or an administrator"
                        + " disconnected it) and the peer may be Primary as well. Look for \"Split-Brain detected\" in"
                        + " the kernel log on both nodes.\nRecover with:")
                .append("\n  # if there was no split brain, reconnect and start again:")
                .append("\n  ").append(planner.plan(new Intent.ReconnectSurvivor(), resource).local().steps()
                        .getFirst().commandLine())
                .append("\n  # after a split brain, on the node whose writes are discarded (the victim), unmounted:");
        for (PlannedCommand step : planner.plan(new Intent.ReconnectAfterSplitBrainDiscarding(), resource).local()
                .steps()) {
            message.append("\n  ").append(step.commandLine());
        }
        return message.toString();
    }

    private LocalDrbd.CommandOutcome runPlan(Dialect dialect, Intent intent, List<String> lines) {
        LocalDrbd.CommandOutcome outcome = new LocalDrbd.CommandOutcome(0, "");
        for (PlannedCommand step : new CommandPlanner(dialect).plan(intent, resource).local().steps()) {
            outcome = drbd.run(step.argv());
            log.info("drbddisk {}: {} exited {}{}", resource, step.commandLine(), outcome.exitCode(),
                    outcome.output().isBlank() ? "" : ": " + outcome.output().strip());
            lines.add(step.commandLine() + (outcome.succeeded() ? "" : " exited " + outcome.exitCode()));
            if (!outcome.succeeded()) {
                return outcome;
            }
        }
        return outcome;
    }

    private String failureOf(LocalDrbd.CommandOutcome outcome) {
        return "drbdadm exited " + outcome.exitCode() + (outcome.output().isBlank() ? "" : ": "
                + outcome.output().strip());
    }

    /** Pauses unless this was the last attempt; false when there is no attempt left or the pause was interrupted. */
    private boolean pauseAfter(String action, int attempt, int attempts) {
        if (attempt >= attempts) {
            return false;
        }
        try {
            pause.between(action, attempt, patience.betweenAttempts());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Answer done(List<String> lines, String what) {
        log.info("drbddisk {}: {}", resource, what);
        lines.add(what);
        return new Answer(EXIT_OK, String.join("\n", lines) + "\n");
    }

    private Answer failed(String action, List<String> lines, String why) {
        log.error("drbddisk {} {} failed: {}", resource, action, why);
        lines.add(why);
        return new Answer(EXIT_GENERIC_ERROR, String.join("\n", lines) + "\n");
    }
}
