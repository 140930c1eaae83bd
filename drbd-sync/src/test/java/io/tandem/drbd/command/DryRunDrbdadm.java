package io.tandem.drbd.command;

import io.tandem.drbd.config.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a planned drbdadm command through the real drbdadm in dry-run mode ({@code drbdadm -d -c FILE ...}), which
 * prints the drbdsetup and drbdmeta calls it would make and needs no kernel module (DRBD notes, section 4).
 *
 * <p>The personality is forced per dialect: {@code drbdadm-83} for 8.3 (drbdadm 9.22 still ships it), and
 * {@code DRBD_DRIVER_VERSION_OVERRIDE} for 8.4 and 9, since without a module drbdadm would pick the v9 path.
 */
final class DryRunDrbdadm {

    private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"));
    private static final List<Path> LEGACY = List.of(Path.of("/lib/drbd"), Path.of("/usr/lib/drbd"));

    /** What drbdadm printed on stdout, each line with the directory of its program cut off, and its exit code. */
    record Result(int exitCode, List<String> plannedCalls, String stderr) {}

    private final Dialect dialect;
    private final Path drbdadm;

    private DryRunDrbdadm(Dialect dialect, Path drbdadm) {
        this.dialect = dialect;
        this.drbdadm = drbdadm;
    }

    /** The drbdadm personality for {@code dialect}, or empty when drbd-utils (or its 8.3 tool) is not installed. */
    static Optional<DryRunDrbdadm> find(Dialect dialect) {
        Stream<Path> candidates = switch (dialect) {
            case V83 -> LEGACY.stream().map(dir -> dir.resolve("drbdadm-83"));
            case V84, V9 -> SBIN.stream().map(dir -> dir.resolve("drbdadm"));
        };
        return candidates.filter(Files::isExecutable).findFirst().map(path -> new DryRunDrbdadm(dialect, path));
    }

    static String missingMessage(Dialect dialect) {
        return switch (dialect) {
            case V83 -> "drbdadm-83 not found in " + LEGACY + "; install drbd-utils (9.22 ships the 8.3 tools)";
            case V84, V9 -> "drbdadm not found in " + SBIN + "; install drbd-utils to dry-run the plans";
        };
    }

    /**
     * Dry-runs {@code argv} (as planned, starting with {@code drbdadm}) on node {@code host} against {@code config}.
     */
    Result dryRun(List<String> argv, Path config, String host) {
        List<String> command = new ArrayList<>();
        command.add(drbdadm.toString());
        command.addAll(List.of("-d", "-c", config.toString()));
        command.addAll(argv.subList(1, argv.size()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // drbdadm picks the local "on" section by uname -n unless told otherwise.
        builder.environment().put("__DRBD_NODE__", host);
        switch (dialect) {
            case V83 -> builder.environment().remove("DRBD_DRIVER_VERSION_OVERRIDE");
            case V84 -> builder.environment().put("DRBD_DRIVER_VERSION_OVERRIDE", "8.4.11");
            case V9 -> builder.environment().put("DRBD_DRIVER_VERSION_OVERRIDE", "9.2.0");
        }
        try {
            Process process = builder.start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String stdout = read(process.getInputStream());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("drbdadm did not finish within 30 s: " + command);
            }
            List<String> calls = stdout.lines().filter(line -> !line.isBlank()).map(DryRunDrbdadm::withoutDirectory).toList();
            return new Result(process.exitValue(), calls, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // drbdadm prints drbdsetup with or without its directory depending on how the personality was reached
    // (/lib/drbd/drbdsetup-84 when drbdadm-84 runs directly, drbdsetup-84 through drbdadm 9.22).
    private static String withoutDirectory(String line) {
        String[] words = line.trim().split(" ", 2);
        String program = words[0].substring(words[0].lastIndexOf('/') + 1);
        return words.length == 1 ? program : program + " " + words[1];
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return drbdadm + " as DRBD " + dialect.version();
    }
}
