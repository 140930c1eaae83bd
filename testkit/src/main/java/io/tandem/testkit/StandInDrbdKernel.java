package io.tandem.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * What the DRBD kernel module would answer, for hosts without one: a script that the real drbdadm drives in place of
 * drbdsetup and drbdmeta ({@code drbdadm -s SCRIPT -m SCRIPT}, DRBD notes section 4). It prints the role, disk and
 * connection state kept in files beside it (and DRBD 9's {@code status} text), changes the role on {@code primary} and {@code secondary} (or fails with
 * the next exit code queued by {@link #failNext}), and records each call. So drbdadm's parsing, its argv for each
 * dialect and its exit codes are real, and only the kernel's decisions are the test's.
 */
public final class StandInDrbdKernel {

    private final Path directory;

    private StandInDrbdKernel(Path directory) {
        this.directory = directory;
    }

    /** Writes the script into {@code directory}, Secondary, UpToDate and waiting for its peer. */
    public static StandInDrbdKernel create(Path directory) {
        try {
            Files.createDirectories(directory);
            Path script = directory.resolve("drbdsetup");
            Files.writeString(script, """
                    #!/bin/sh
                    # A stand-in for drbdsetup/drbdmeta: state in files next to it, one line per call in calls.
                    cd "$(dirname "$0")"
                    echo "$*" >> calls
                    case " $* " in
                      *" status "*) cat status ;;
                      *" role "*) cat role ;;
                      *" dstate "*) cat dstate ;;
                      *" cstate "*) cat cstate ;;
                      *" primary "*|*" secondary "*)
                        want=Primary; case " $* " in *" secondary "*) want=Secondary ;; esac
                        exits=$(cat exits 2>/dev/null); first=${exits%% *}
                        if [ -n "$exits" ]; then echo "${exits#"$first"}" | sed 's/^ //' > exits; fi
                        if [ -n "$first" ] && [ "$first" != 0 ]; then
                          echo "State change failed: (-1) Multiple primaries not allowed by config" >&2; exit "$first"
                        fi
                        sed "s#^[A-Za-z]*#$want#" role > role.new && mv role.new role
                        if [ -f status ]; then
                          sed "1s/role:[A-Za-z]*/role:$want/" status > status.new && mv status.new status
                        fi ;;
                    esac
                    """);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandInDrbdKernel kernel = new StandInDrbdKernel(directory);
        kernel.state("Secondary/Unknown", "UpToDate/DUnknown", "WFConnection");
        return kernel;
    }

    /** The script, for drbdadm's {@code -s} and {@code -m}. */
    public Path script() {
        return directory.resolve("drbdsetup");
    }

    /** What {@code role}, {@code dstate} and {@code cstate} print from now on, in the dialect's words. */
    public void state(String role, String dstate, String cstate) {
        write("role", role);
        write("dstate", dstate);
        write("cstate", cstate);
    }

    /** What DRBD 9's {@code status} prints from now on, in {@code drbdsetup status}'s text form. */
    public void status(String text) {
        write("status", text.strip());
    }

    /** The role word {@code role} prints now, such as {@code Primary/Unknown}. */
    public String role() {
        return read("role").strip();
    }

    /** The next {@code primary} or {@code secondary} calls exit with these codes, in order (0 succeeds). */
    public void failNext(int... exitCodes) {
        StringBuilder codes = new StringBuilder();
        for (int code : exitCodes) {
            codes.append(codes.isEmpty() ? "" : " ").append(code);
        }
        write("exits", codes.toString());
    }

    /** Every call drbdadm made, as its argument line. */
    public List<String> calls() {
        Path calls = directory.resolve("calls");
        return Files.exists(calls) ? read("calls").lines().toList() : List.of();
    }

    private void write(String file, String line) {
        try {
            Files.writeString(directory.resolve(file), line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
