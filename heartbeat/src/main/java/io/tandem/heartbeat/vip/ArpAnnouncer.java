package io.tandem.heartbeat.vip;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends gratuitous ARPs for an address that has just moved to this node, so that neighbours (the router above all)
 * replace the previous holder's MAC address at once instead of when their entry expires, often minutes later.
 *
 * <p>The sender is iputils {@code arping -U -c N -I dev A} when installed, otherwise heartbeat's {@code send_arp},
 * otherwise nothing, with one warning. Which one is found is decided on the first announcement and kept.
 * Announcements run on the given executor; {@link #announce} returns at once.
 *
 * <p>An announcement lasts seconds. Releasing the address must end it first ({@link #stopAnnouncing}): ARPs that
 * go on after the peer has taken the address over would point its neighbours back at this node.
 */
public final class ArpAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(ArpAnnouncer.class);

    /** Where the two senders live on Debian and older layouts; {@code arping} is also looked for on PATH. */
    static final List<Path> ARPING_PATHS = List.of(Path.of("/usr/bin/arping"), Path.of("/usr/sbin/arping"),
            Path.of("/bin/arping"), Path.of("/sbin/arping"));
    static final List<Path> SEND_ARP_PATHS = List.of(Path.of("/usr/libexec/heartbeat/send_arp"),
            Path.of("/usr/lib/heartbeat/send_arp"), Path.of("/usr/lib64/heartbeat/send_arp"));

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RUN_MARGIN = Duration.ofSeconds(5);

    private record Found(ArpSender sender, Optional<Path> program) {}

    /** An announcement, from submission to its end, so that {@link #stopAnnouncing} can end it. */
    private static final class Running {
        private final ReentrantLock lock = new ReentrantLock();
        private final CompletableFuture<ArpAnnouncement> result = new CompletableFuture<>();
        private Thread thread;
        private String stoppedBecause;
        private boolean done;

        /** Binds to the thread that runs it; false if it was stopped before it began. */
        boolean begin() {
            lock.lock();
            try {
                thread = Thread.currentThread();
                return stoppedBecause == null;
            } finally {
                lock.unlock();
            }
        }

        void stop(String reason) {
            lock.lock();
            try {
                stoppedBecause = reason;
                if (thread != null && !done) {
                    thread.interrupt(); // the runner kills the sender
                }
            } finally {
                lock.unlock();
            }
        }

        /** Why it was stopped; null while it was not. */
        String stoppedBecause() {
            lock.lock();
            try {
                return stoppedBecause;
            } finally {
                lock.unlock();
            }
        }

        void end(ArpAnnouncement announcement) {
            lock.lock();
            try {
                done = true;
                if (stoppedBecause != null) {
                    Thread.interrupted(); // ours, and possibly not delivered yet: the executor's thread lives on
                }
            } finally {
                lock.unlock();
            }
            result.complete(announcement);
        }
    }

    private final String logName;
    private final CommandRunner runner;
    private final Executor executor;
    private final ArpSettings settings;
    private final List<Path> arpingCandidates;
    private final List<Path> sendArpCandidates;
    private final AtomicBoolean warnedAboutNoSender = new AtomicBoolean();
    private final ConcurrentMap<Inet4Address, Running> running = new ConcurrentHashMap<>();
    private volatile Found found;

    /**
     * @param logName the daemon instance, such as {@code heartbeat[db1]}, that starts every log line
     * @param runner runs the sender (on the host, or in a namespace)
     * @param executor where announcements run; they block for {@code count × interval}
     */
    public ArpAnnouncer(String logName, CommandRunner runner, Executor executor, ArpSettings settings) {
        this(logName, runner, executor, settings, withPathEntries(ARPING_PATHS), SEND_ARP_PATHS);
    }

    ArpAnnouncer(String logName, CommandRunner runner, Executor executor, ArpSettings settings,
            List<Path> arpingCandidates, List<Path> sendArpCandidates) {
        this.logName = Objects.requireNonNull(logName, "logName");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.arpingCandidates = List.copyOf(arpingCandidates);
        this.sendArpCandidates = List.copyOf(sendArpCandidates);
    }

    /**
     * Announces {@code address} on its interface, in the background. The future never completes exceptionally: a
     * failure is an {@link ArpAnnouncement} with {@code sent == false}, already logged.
     */
    public CompletableFuture<ArpAnnouncement> announce(InterfaceAddress address) {
        Objects.requireNonNull(address, "address");
        Running announcement = new Running();
        Running previous = running.put(address.address(), announcement);
        if (previous != null) {
            previous.stop("announced again");
        }
        try {
            executor.execute(() -> {
                ArpAnnouncement outcome = null;
                try {
                    outcome = announcement.begin() ? announceNow(address, announcement)
                            : stopped(address, announcement.stoppedBecause());
                } finally {
                    running.remove(address.address(), announcement);
                    announcement.end(outcome != null ? outcome
                            : failed(address, ArpSender.NONE, "the announcement of " + address + " failed"));
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(address.address(), announcement);
            announcement.end(failed(address, ArpSender.NONE, "cannot announce " + address + ": " + e.getMessage()));
        }
        return announcement.result;
    }

    /**
     * Ends the announcement of {@code address} that is running or waiting to run, killing its sender, and waits for
     * it to end. Call it before the address is removed.
     *
     * @return whether nothing is announcing {@code address} any more; false if the sender outlived {@code timeout}
     */
    public boolean stopAnnouncing(Inet4Address address, Duration timeout) throws InterruptedException {
        Running announcement = running.get(address);
        if (announcement == null) {
            return true;
        }
        announcement.stop("the address is being released");
        try {
            announcement.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // never completed exceptionally; ended all the same
        }
    }

    /** The sender announcements use, found on first use. Runs {@code arping -V}; blocks. */
    public ArpSender sender() throws InterruptedException {
        return find().sender();
    }

    private ArpAnnouncement announceNow(InterfaceAddress target, Running announcement) {
        try {
            Found sender = find();
            if (sender.program().isEmpty()) {
                String detail = "no gratuitous ARP sent for " + target + ": neither iputils arping nor heartbeat's"
                        + " send_arp is installed (looked for " + arpingCandidates + " and " + sendArpCandidates
                        + "). Neighbours may keep a stale ARP entry for " + target.address().getHostAddress()
                        + " until it expires; install iputils-arping";
                if (warnedAboutNoSender.compareAndSet(false, true)) {
                    log.warn("{} {}", logName, detail);
                } else {
                    log.debug("{} {}", logName, detail);
                }
                return new ArpAnnouncement(target.address(), target.device(), ArpSender.NONE, false, detail);
            }
            return send(sender.sender(), sender.program().get(), target);
        } catch (InterruptedException e) {
            if (announcement.stoppedBecause() != null) {
                return stopped(target, announcement.stoppedBecause());
            }
            Thread.currentThread().interrupt();
            return failed(target, found == null ? ArpSender.NONE : found.sender(),
                    "interrupted before all ARPs for " + target + " were sent");
        } catch (IOException | RuntimeException e) {
            return failed(target, found == null ? ArpSender.NONE : found.sender(),
                    "cannot send gratuitous ARPs for " + target + ": " + e);
        }
    }

    private ArpAnnouncement send(ArpSender sender, Path program, InterfaceAddress target)
            throws IOException, InterruptedException {
        String address = target.address().getHostAddress();
        long intervalMillis = settings.interval().toMillis();
        List<String> command = new ArrayList<>(List.of(program.toString()));
        Path pidFile = null;
        Duration pause;
        if (sender == ArpSender.IPUTILS_ARPING) {
            command.addAll(List.of("-U", "-c", Integer.toString(settings.count())));
            if (intervalMillis >= 2000) {
                command.addAll(List.of("-i", Long.toString(intervalMillis / 1000)));
            }
            command.addAll(List.of("-I", target.device(), address));
            pause = Duration.ofSeconds(Math.max(1, intervalMillis / 1000));
        } else {
            // send_arp refuses to run while its pid file names a live process; each run gets a fresh one.
            pidFile = Files.createTempFile("tandem-send_arp-", ".pid");
            Files.delete(pidFile);
            // "auto": send_arp reads the interface's MAC itself; the last two arguments are unused on Linux.
            command.addAll(List.of("-i", Long.toString(intervalMillis), "-r", Integer.toString(settings.count()),
                    "-p", pidFile.toString(), target.device(), address, "auto", "not_used", "not_used"));
            pause = settings.interval();
        }
        try {
            CommandResult result = runner.run(command, pause.multipliedBy(settings.count()).plus(RUN_MARGIN));
            if (!result.isSuccess()) {
                return failed(target, sender, "gratuitous ARPs for " + target + " failed: " + result.describe());
            }
            log.info("{} announced {} with {} gratuitous ARPs ({} ms)", logName, target, settings.count(),
                    result.duration().toMillis());
            return new ArpAnnouncement(target.address(), target.device(), sender, true, result.describe());
        } finally {
            if (pidFile != null) {
                Files.deleteIfExists(pidFile);
            }
        }
    }

    private ArpAnnouncement stopped(InterfaceAddress target, String reason) {
        String detail = "stopped announcing " + target + ": " + reason;
        log.info("{} {}", logName, detail);
        Found sender = found;
        return new ArpAnnouncement(target.address(), target.device(), sender == null ? ArpSender.NONE : sender.sender(),
                false, detail);
    }

    private ArpAnnouncement failed(InterfaceAddress target, ArpSender sender, String detail) {
        log.warn("{} {}; neighbours may keep a stale ARP entry until it expires", logName, detail);
        return new ArpAnnouncement(target.address(), target.device(), sender, false, detail);
    }

    private Found find() throws InterruptedException {
        Found known = found;
        if (known != null) {
            return known;
        }
        Found result = new Found(ArpSender.NONE, Optional.empty());
        for (Path candidate : arpingCandidates) {
            if (isExecutable(candidate) && isIputilsArping(candidate)) {
                result = new Found(ArpSender.IPUTILS_ARPING, Optional.of(candidate));
                break;
            }
        }
        if (result.program().isEmpty()) {
            for (Path candidate : sendArpCandidates) {
                if (isExecutable(candidate)) {
                    result = new Found(ArpSender.SEND_ARP, Optional.of(candidate));
                    break;
                }
            }
        }
        found = result;
        log.debug("{} gratuitous ARP sender: {} {}", logName, result.sender(), result.program().map(Path::toString)
                .orElse(""));
        return result;
    }

    /**
     * Debian also packages Thomas Habets' arping as {@code arping}, whose options differ ({@code -I} is not the
     * interface there); only iputils' is used, recognised by its version line.
     */
    private boolean isIputilsArping(Path candidate) throws InterruptedException {
        try {
            CommandResult version = runner.run(List.of(candidate.toString(), "-V"), PROBE_TIMEOUT);
            boolean iputils = (version.output() + version.errorOutput()).contains("iputils");
            if (!iputils) {
                log.info("{} {} is not iputils arping; not used for gratuitous ARPs", logName, candidate);
            }
            return iputils;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    private static List<Path> withPathEntries(List<Path> fixed) {
        Set<Path> candidates = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(":")) {
                if (!directory.isEmpty() && directory.startsWith("/")) {
                    candidates.add(Path.of(directory, "arping"));
                }
            }
        }
        candidates.addAll(fixed);
        return List.copyOf(candidates);
    }
}
