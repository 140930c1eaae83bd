package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.AddedAddress;
import io.tandem.heartbeat.vip.AddressConflictException;
import io.tandem.heartbeat.vip.ArpAnnouncement;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.InterfaceAddress;
import io.tandem.heartbeat.vip.IpCommandFailedException;
import io.tandem.heartbeat.vip.VirtualIpAddress;
import io.tandem.heartbeat.vip.VirtualIpException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code IPaddr} and {@code IPaddr2}, built in: the address is added and removed with {@code ip addr}, without
 * heartbeat's scripts, {@code ifconfig} or aliases. start announces the address with gratuitous ARPs in the
 * background and returns without waiting for them; stop ends such an announcement before it removes the address.
 * status says running only when the address is configured exactly once, where the resource says.
 */
public final class VirtualIpResource implements ResourceAgent {

    private static final Logger log = LoggerFactory.getLogger(VirtualIpResource.class);

    /** How long stop waits for a running announcement to be killed: the runner's grace, twice, and some. */
    private static final Duration ANNOUNCER_STOP = Duration.ofSeconds(5);

    private final String logName;
    private final ResourceSpec spec;
    private final VirtualIpAddress address;
    private final ArpAnnouncer announcer;
    private final ActionTimeouts timeouts;
    private volatile CompletableFuture<ArpAnnouncement> lastAnnouncement;

    VirtualIpResource(String logName, ResourceSpec spec, VirtualIpAddress address, ArpAnnouncer announcer,
            ActionTimeouts timeouts) {
        this.logName = Objects.requireNonNull(logName, "logName");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.address = Objects.requireNonNull(address, "address");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    /** The address this resource manages. */
    public VirtualIpAddress address() {
        return address;
    }

    /**
     * The gratuitous ARPs sent by this agent's last successful start, which may still be running; empty before any.
     * {@link GroupRunner} makes new agents for each group action, so this serves direct users of an agent.
     */
    public Optional<CompletableFuture<ArpAnnouncement>> lastAnnouncement() {
        return Optional.ofNullable(lastAnnouncement);
    }

    @Override
    public ActionResult run(ResourceAction action) {
        return switch (action) {
            case START -> start();
            case STOP -> stop();
            case STATUS -> status();
        };
    }

    @Override
    public ActionResult start() {
        return execute(ResourceAction.START, () -> {
            AddedAddress added = address.add(timeouts.start());
            // Announce even when it was already there: a start means this node is taking over, and a neighbour may
            // still point at the old holder.
            lastAnnouncement = announcer.announce(added.address());
            return (added.wasAbsent() ? "added " : "already configured: ") + added.address();
        });
    }

    @Override
    public ActionResult stop() {
        return execute(ResourceAction.STOP, () -> {
            // ARPs still going out after the peer has taken the address would point its neighbours back here.
            if (!announcer.stopAnnouncing(address.spec().address(), ANNOUNCER_STOP)) {
                log.warn("{} the gratuitous ARP sender for {} did not end within {} s; removing the address anyway",
                        logName, spec.canonical(), ANNOUNCER_STOP.toSeconds());
            }
            List<InterfaceAddress> removed = address.remove(timeouts.stop());
            return removed.isEmpty() ? spec.canonical() + " was not configured"
                    : "removed " + removed.stream().map(InterfaceAddress::toString).collect(Collectors.joining(", "));
        });
    }

    @Override
    public ActionResult status() {
        long started = System.nanoTime();
        ActionResult result;
        try {
            boolean present = address.isPresent(timeouts.status());
            result = result(ResourceAction.STATUS, present ? ActionOutcome.RUNNING : ActionOutcome.STOPPED,
                    present ? "configured" : "not configured", started);
        } catch (AddressConflictException e) {
            result = result(ResourceAction.STATUS, ActionOutcome.FAILED, e.getMessage(), started);
        } catch (VirtualIpException e) {
            result = failure(ResourceAction.STATUS, e, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = result(ResourceAction.STATUS, ActionOutcome.FAILED, "interrupted", started);
        }
        ActionLog.log(log, logName, result);
        return result;
    }

    @FunctionalInterface
    private interface Operation {
        String run() throws VirtualIpException, InterruptedException;
    }

    private ActionResult execute(ResourceAction action, Operation operation) {
        long started = System.nanoTime();
        ActionResult result;
        try {
            result = result(action, ActionOutcome.SUCCEEDED, operation.run(), started);
        } catch (VirtualIpException e) {
            result = failure(action, e, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = result(action, ActionOutcome.FAILED, "interrupted", started);
        }
        ActionLog.log(log, logName, result);
        return result;
    }

    private ActionResult failure(ResourceAction action, VirtualIpException e, long started) {
        boolean timedOut = e instanceof IpCommandFailedException failed && failed.isTimedOut();
        return result(action, timedOut ? ActionOutcome.TIMED_OUT : ActionOutcome.FAILED, e.getMessage(), started);
    }

    private ActionResult result(ResourceAction action, ActionOutcome outcome, String detail, long started) {
        return new ActionResult(spec.canonical(), action, outcome, OptionalInt.empty(), detail, "",
                Duration.ofNanos(System.nanoTime() - started));
    }
}
