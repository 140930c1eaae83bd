package io.tandem.drbd.status;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows DRBD's state live: runs {@code drbdsetup events2} as a child process, reads its lines on a thread of its
 * own, and tells an {@link Events2Listener} what changed (see {@link DrbdEvent}). One monitor per host watches every
 * resource (DRBD notes, section 5.4).
 *
 * <pre>{@code
 * try (Events2Monitor monitor = Events2Monitor.start(Events2Monitor.Options.defaults(), event -> ...)) { ... }
 * }</pre>
 */
/*
 * Stream: each run of the process lists DRBD's state ("exists" lines up to "exists -"), then prints changes. A run
 * is applied to a fresh Events2State by the Events2ChangeDetector, which reports only what differs from its last
 * report, so a restart does not repeat unchanged states.
 *
 * Gaps: the command is meant to run until stopped. When it ends anyway, changes may have been missed: the monitor
 * reports the end, waits (RestartBackoff), runs the command once with --now (DRBD lists the current state and exits)
 * and then the command again. The --now run is the resynchronisation the notes ask for after any gap.
 *
 * Undecodable lines: counted, reported and logged with the line at WARN (the first few per run), never guessed
 * past; the next line is read as usual.
 *
 * Stopping: close() marks the monitor stopping, wakes a restart wait, and ends the process tree (SIGTERM, then
 * SIGKILL after KILL_GRACE). The whole tree, collected before the first signal: a stand-in such as
 * "sh -c '...; sleep 30'" leaves a child holding stdout, and the reading thread would wait for it to exit.
 */
public final class Events2Monitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Events2Monitor.class);

    /** What tandem runs on each host: every resource, with the time of each event and the resync statistics. */
    public static final List<String> DEFAULT_COMMAND =
            List.of("drbdsetup", "events2", "--timestamps", "--statistics", "all");
    /** The first wait before a restart; it doubles while runs keep ending quickly. */
    public static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    /** The longest wait before a restart; a run that lasted this long resets the wait to the first. */
    public static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);

    /** After SIGTERM, how long the process tree has to exit before SIGKILL. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /** How long close() waits for the reading thread. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    static final int STDERR_TAIL_LINES = 20;
    static final int LOGGED_UNDECODABLE_LINES_PER_RUN = 20;
    private static final File NO_INPUT = new File("/dev/null");

    /**
     * What to run and how to restart it.
     *
     * @param command the argv of the long-lived events2 process ({@link #DEFAULT_COMMAND}); tests give a stand-in
     * @param firstRestartDelay the first wait before a restart
     * @param maxRestartDelay the longest wait before a restart
     */
    public record Options(List<String> command, Duration firstRestartDelay, Duration maxRestartDelay) {

        public Options {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the events2 command is empty");
            }
            Objects.requireNonNull(firstRestartDelay, "firstRestartDelay");
            Objects.requireNonNull(maxRestartDelay, "maxRestartDelay");
            if (!firstRestartDelay.isPositive() || maxRestartDelay.compareTo(firstRestartDelay) < 0) {
                throw new IllegalArgumentException("restart delays must satisfy 0 < first <= max, got first "
                        + firstRestartDelay + " and max " + maxRestartDelay);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_COMMAND, FIRST_RESTART_DELAY, MAX_RESTART_DELAY);
        }

        public Options withCommand(List<String> replacement) {
            return new Options(replacement, firstRestartDelay, maxRestartDelay);
        }

        public Options withRestartDelays(Duration first, Duration max) {
            return new Options(command, first, max);
        }

        /**
         * The command that lists the current state once and exits: {@code --now} right after {@code events2}, where
         * drbdsetup documents its options ({@code events2 [OPTION…] RESOURCE}); appended to any other command.
         */
        public List<String> resynchronisingCommand() {
            List<String> argv = new ArrayList<>(command);
            int events2 = argv.indexOf("events2");
            argv.add(events2 >= 0 ? events2 + 1 : argv.size(), "--now");
            return List.copyOf(argv);
        }
    }

    private final Options options;
    private final Events2Listener listener;
    private final String name;
    private final Events2ChangeDetector detector;
    private final RestartBackoff backoff;
    private final AtomicLong undecodableLines = new AtomicLong();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;
    /** The process being read, or null; guarded by lock. */
    private Process running;
    /** Written under lock. */
    private volatile boolean stopping;
    /** Undecodable lines logged in the current run; owned by the thread. */
    private int loggedThisRun;

    private Events2Monitor(Options options, Events2Listener listener) {
        this.options = options;
        this.listener = Objects.requireNonNull(listener, "listener");
        // The last word is the resource ("all" by default): what this monitor watches.
        this.name = "drbd-events2[" + options.command().getLast() + "]";
        this.detector = new Events2ChangeDetector(this::handle);
        this.backoff = new RestartBackoff(options.firstRestartDelay(), options.maxRestartDelay());
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    /** Starts the command and the thread that reads it; {@link #close()} stops both. */
    public static Events2Monitor start(Options options, Events2Listener listener) {
        Events2Monitor monitor = new Events2Monitor(options, listener);
        monitor.thread.start();
        return monitor;
    }

    /** Lines that could not be decoded since the start, across restarts. */
    public long undecodableLines() {
        return undecodableLines.get();
    }

    /**
     * Ends the events2 process and the reading thread, and waits for the thread (bounded by {@link #CLOSE_WAIT}).
     * No event is delivered once this returns. Idempotent; may be called from the listener.
     */
    @Override
    public void close() {
        Process process;
        lock.lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
            process = running;
        } finally {
            lock.unlock();
        }
        stopRequested.countDown();
        if (process != null) {
            endTree(process);
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                log.warn("{}: the reading thread did not end within {} of close", name, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean resynchronise = false;
        while (!stopping) {
            List<String> argv = resynchronise ? options.resynchronisingCommand() : options.command();
            RunResult result = runOnce(argv);
            if (stopping) {
                return;
            }
            if (resynchronise && result.exitCode().equals(OptionalInt.of(0))) {
                // --now listed the state and exited, as it should: follow the changes from here.
                resynchronise = false;
                continue;
            }
            Duration wait = backoff.afterRun(result.ranFor());
            DrbdEvent.EventsProcessEnded ended = new DrbdEvent.EventsProcessEnded(argv, result.cause(),
                    result.exitCode(), result.diagnostics(), result.linesRead(), wait);
            log.warn("{}: {}; the state may be stale, listing it again with --now in {} ms", name,
                    ended.description(), wait.toMillis());
            handle(ended);
            try {
                if (stopRequested.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            resynchronise = true;
        }
    }

    private RunResult runOnce(List<String> argv) {
        detector.startStream();
        loggedThisRun = 0;
        Process process;
        lock.lock();
        try {
            if (stopping) {
                return new RunResult(DrbdEvent.Cause.EXITED, OptionalInt.empty(), "", 0, Duration.ZERO);
            }
            process = new ProcessBuilder(argv).redirectInput(Redirect.from(NO_INPUT)).start();
            running = process;
        } catch (IOException e) {
            return new RunResult(DrbdEvent.Cause.COULD_NOT_START, OptionalInt.empty(), String.valueOf(e.getMessage()),
                    0, Duration.ZERO);
        } finally {
            lock.unlock();
        }
        long started = System.nanoTime();
        log.debug("{}: started {}", name, argv);
        StderrTail stderr = StderrTail.drain(process.getErrorStream(), name);
        long lines = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines++;
                detector.accept(line, (int) Math.min(lines, Integer.MAX_VALUE));
            }
        } catch (IOException e) {
            // The pipe broke: the process is gone, or close() ended it.
            log.debug("{}: reading stopped: {}", name, e.toString());
        }
        int exitCode = awaitExit(process);
        lock.lock();
        try {
            running = null;
        } finally {
            lock.unlock();
        }
        String diagnostics = stderr.tail();
        return new RunResult(causeOf(exitCode, diagnostics), OptionalInt.of(exitCode), diagnostics, lines,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The process closed its stdout; it exits at once unless something is badly wrong. */
    private static int awaitExit(Process process) {
        try {
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                endTree(process);
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endTree(process);
            return -1;
        }
    }

    static DrbdEvent.Cause causeOf(int exitCode, String stderr) {
        // drbdsetup's modprobe_drbd(): without /proc/drbd it runs "modprobe drbd"; when that fails it prints
        // "Failed to modprobe drbd (%m)", when the module still does not show, "Make sure that the DRBD kernel
        // module is installed and can be loaded!". Either way it exits 20.
        boolean moduleMissing = stderr.contains("Failed to modprobe drbd")
                || stderr.contains("DRBD kernel module is installed");
        return exitCode == 20 && moduleMissing ? DrbdEvent.Cause.NO_KERNEL_MODULE : DrbdEvent.Cause.EXITED;
    }

    /** Logs, then delivers, unless the monitor is stopping. */
    private void handle(DrbdEvent event) {
        switch (event) {
            case DrbdEvent.UndecodableLine undecodable -> {
                undecodableLines.set(undecodable.undecodableSoFar());
                if (loggedThisRun < LOGGED_UNDECODABLE_LINES_PER_RUN) {
                    loggedThisRun++;
                    log.warn("{}: line {} is not events2 as tandem knows it, ignored ({} so far): {}: \"{}\"{}", name,
                            undecodable.lineNumber(), undecodable.undecodableSoFar(), undecodable.reason(),
                            undecodable.line(), loggedThisRun == LOGGED_UNDECODABLE_LINES_PER_RUN
                                    ? "; further ones of this run are counted, not logged" : "");
                }
            }
            case DrbdEvent.SplitBrain splitBrain -> log.warn("{}: {}", name, splitBrain.description());
            case DrbdEvent.ResourceChanged changed -> log.debug("{}: {}", name, changed.status());
            case DrbdEvent.ResourceRemoved removed -> log.debug("{}: {} removed", name, removed.resource());
            case DrbdEvent.EventsProcessEnded ended -> {}
        }
        if (stopping) {
            return;
        }
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            log.warn("{}: the listener failed on {}; going on with the next line", name, event, e);
        }
    }

    /** SIGTERM to the process and everything it started, then SIGKILL to what is left after the grace period. */
    private static void endTree(Process process) {
        // Collected before the first signal: children lose their parent link once it dies.
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private record RunResult(DrbdEvent.Cause cause, OptionalInt exitCode, String diagnostics, long linesRead,
            Duration ranFor) {}

    /** Keeps the last lines of a process's stderr, read on a virtual thread so that a chatty stderr never blocks it. */
    private static final class StderrTail {
        private final Deque<String> lines = new ArrayDeque<>();
        private final ReentrantLock lock = new ReentrantLock();
        private Thread reader;

        static StderrTail drain(InputStream stderr, String name) {
            StderrTail tail = new StderrTail();
            tail.reader = Thread.ofVirtual().name(name + "-stderr").start(() -> tail.read(stderr));
            return tail;
        }

        private void read(InputStream stderr) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lock.lock();
                    try {
                        if (lines.size() == STDERR_TAIL_LINES) {
                            lines.removeFirst();
                        }
                        lines.addLast(line);
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (IOException e) {
                // The process is gone; what was read is the tail.
            }
        }

        /** After the process exited: waits briefly for the last lines, then returns them. */
        String tail() {
            try {
                reader.join(KILL_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lock.lock();
            try {
                return String.join("\n", lines);
            } finally {
                lock.unlock();
            }
        }
    }
}
