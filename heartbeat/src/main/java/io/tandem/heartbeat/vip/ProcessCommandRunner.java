package io.tandem.heartbeat.vip;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/*
 * Output: stdout and stderr go to temporary files, not pipes. An init script's "start" often leaves a daemon behind
 * that inherited the script's stdout; with a pipe, reading to end-of-file would wait for that daemon to exit. With
 * a file, the script's own exit is all we wait for. The files are deleted at once; a daemon that keeps writing
 * writes into an unlinked file that disappears with it.
 *
 * Timeout and interrupt: SIGTERM to the command, then to every process it started (all collected before the first
 * signal, since children lose their parent link once it dies), then after a grace period SIGKILL to whatever is
 * left. An interrupted run kills the command the same way before it throws.
 */
final class ProcessCommandRunner implements CommandRunner {

    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final File NO_INPUT = new File("/dev/null");

    private final List<String> prefix;

    ProcessCommandRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        Path out = Files.createTempFile("tandem-command-", ".out");
        Path err = Files.createTempFile("tandem-command-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(Redirect.from(NO_INPUT))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            Process process = builder.start();
            boolean exited;
            try {
                exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // Whoever interrupts wants the command gone, not left running unobserved.
                kill(process);
                throw e;
            }
            if (!exited) {
                kill(process);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new CommandResult(argv, exited ? OptionalInt.of(process.exitValue()) : OptionalInt.empty(),
                    tail(out), tail(err), took);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void kill(Process process) throws InterruptedException {
        // The command first: a script whose child died first would go on to its next line before its own signal.
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long length = reader.length();
            long from = Math.max(0, length - OUTPUT_LIMIT_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            reader.seek(from);
            reader.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return from == 0 ? text : "[first " + from + " bytes left out]\n" + text;
        }
    }
}
