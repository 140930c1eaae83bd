package io.tandem.drbd.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads /proc/drbd as written by the 8.3 and 8.4 kernel modules ({@code drbd_proc.c}), and recognises DRBD 9's
 * version-only file.
 *
 * <p>Layout: a {@code version:} line, a build tag line, then per minor {@code N: cs:… ro:…/… ds:…/… C r-----}, an
 * indented counter line {@code ns:… nr:… … oos:…}, and while syncing or verifying two tab-indented progress lines:
 * {@code [===>....] sync'ed: 38.6% (31572/51200)M} and {@code finish: 0:05:14 speed: 100,224 (98,304) want: … K/sec}.
 * Numbers there carry thousands separators.
 *
 * <p>Any line of another shape ends parsing with an {@link ParseOutcome.UnknownFormat} naming it: a monitor that
 * guessed past it could report a healthy pair that is not.
 */
public final class ProcDrbdParser {

    private static final Pattern VERSION =
            Pattern.compile("version: (\\S+) \\(api:(\\d{1,9})/proto:(\\d+-\\d+)\\).*");
    private static final Pattern MINOR = Pattern.compile("\\s*(\\d{1,9}): cs:(\\S+)(.*)");
    private static final Pattern PROGRESS =
            Pattern.compile("\\s*\\[[=>.]*\\] (sync'ed|verified):\\s*(\\d{1,3}(?:\\.\\d+)?)% \\(([\\d,]+)/([\\d,]+)\\)([KM]).*");
    private static final Pattern FINISH =
            Pattern.compile("\\s*finish: (\\d{1,9}):(\\d{2}):(\\d{2}) speed: ([\\d,]+) \\(([\\d,]+)\\).*");
    // Extra detail lines, printed only with the module parameter proc_details >= 1.
    private static final Pattern DETAIL = Pattern.compile("\\s*(resync|act_log): used:.*|\\s*\\d+% sector pos: .*");

    private ProcDrbdParser() {}

    public static ParseOutcome<ProcDrbdStatus> parse(String text) {
        List<String> lines = KeyValueTokens.lines(text);
        if (lines.isEmpty() || lines.stream().allMatch(String::isBlank)) {
            return ParseOutcome.unknownFormat(0, "", "empty input: /proc/drbd starts with a version: line");
        }
        Matcher version = VERSION.matcher(lines.getFirst());
        if (!version.matches()) {
            return ParseOutcome.unknownFormat(
                    1, lines.getFirst(), "expected \"version: R (api:N/proto:A-B)\" as the first line of /proc/drbd");
        }
        String release = version.group(1);
        ProcDrbdLayout layout = layoutOf(release);
        if (layout == null) {
            return ParseOutcome.unknownFormat(1, lines.getFirst(), "unsupported DRBD release " + release);
        }
        int api = Integer.parseInt(version.group(2));
        Optional<String> buildTag = Optional.empty();
        int next = 1;
        if (lines.size() > 1 && (lines.get(1).startsWith("GIT-hash:") || lines.get(1).startsWith("srcversion:"))) {
            buildTag = Optional.of(lines.get(1).trim());
            next = 2;
        }
        if (layout == ProcDrbdLayout.DRBD_9) {
            // 9 lists transports here and nothing per device.
            return new ParseOutcome.Parsed<>(
                    new ProcDrbdStatus(release, api, version.group(3), layout, buildTag, List.of()));
        }
        List<ProcDrbdMinor> minors = new ArrayList<>();
        MinorInProgress current = null;
        for (int index = next; index < lines.size(); index++) {
            String line = lines.get(index);
            int lineNumber = index + 1;
            if (line.isBlank()) {
                continue;
            }
            Matcher minor = MINOR.matcher(line);
            if (minor.matches()) {
                if (current != null) {
                    minors.add(current.build());
                    current = null;
                }
                int number = Integer.parseInt(minor.group(1));
                if (minor.group(2).equals("Unconfigured")) {
                    minors.add(new ProcDrbdMinor.Unconfigured(number));
                    continue;
                }
                current = new MinorInProgress(number, minor.group(2));
                Optional<String> problem = current.readStates(minor.group(3));
                if (problem.isPresent()) {
                    return ParseOutcome.unknownFormat(lineNumber, line, problem.get());
                }
                continue;
            }
            if (current == null) {
                return ParseOutcome.unknownFormat(lineNumber, line, "expected a minor line \"N: cs:…\"");
            }
            if (line.trim().startsWith("ns:")) {
                current.counters.putAll(KeyValueTokens.of(line).pairs());
                continue;
            }
            Matcher progress = PROGRESS.matcher(line);
            if (progress.matches()) {
                OptionalDouble percent = KeyValueTokens.decimal(progress.group(2));
                if (percent.isEmpty() || !ResyncProgress.isValidPercent(percent.getAsDouble())) {
                    return ParseOutcome.unknownFormat(lineNumber, line, "resync percentage outside 0..100");
                }
                current.percentDone = percent;
                current.stalled |= line.contains("(stalled)");
                continue;
            }
            Matcher finish = FINISH.matcher(line);
            if (finish.matches()) {
                current.timeToFinish = Optional.of(Duration.ofHours(Long.parseLong(finish.group(1)))
                        .plusMinutes(Long.parseLong(finish.group(2)))
                        .plusSeconds(Long.parseLong(finish.group(3))));
                current.kibPerSecond = KeyValueTokens.integer(finish.group(4));
                current.stalled |= line.contains("(stalled)");
                continue;
            }
            if (DETAIL.matcher(line).matches()) {
                continue;
            }
            return ParseOutcome.unknownFormat(
                    lineNumber, line, "expected a counter, resync progress or minor line under minor " + current.minor);
        }
        if (current != null) {
            minors.add(current.build());
        }
        return new ParseOutcome.Parsed<>(
                new ProcDrbdStatus(release, api, version.group(3), layout, buildTag, minors));
    }

    private static ProcDrbdLayout layoutOf(String release) {
        if (release.startsWith("8.4.")) {
            return ProcDrbdLayout.DRBD_8_4;
        }
        if (release.matches("8\\.[0-3]\\..*")) {
            return ProcDrbdLayout.DRBD_8_3_OR_OLDER;
        }
        if (release.startsWith("9.")) {
            return ProcDrbdLayout.DRBD_9;
        }
        return null;
    }

    /** Collects one minor's lines; the progress lines come after the state line. */
    private static final class MinorInProgress {
        final int minor;
        final Drbd8ConnectionWord cs;
        final SequencedMap<String, String> counters = new LinkedHashMap<>();
        Reported<Role> role;
        Reported<Role> peerRole;
        Reported<DiskState> disk;
        Reported<DiskState> peerDisk;
        String protocol = "";
        String flags = "";
        OptionalDouble percentDone = OptionalDouble.empty();
        Optional<Duration> timeToFinish = Optional.empty();
        OptionalLong kibPerSecond = OptionalLong.empty();
        boolean stalled;

        MinorInProgress(int minor, String csWord) {
            this.minor = minor;
            this.cs = Drbd8ConnectionWord.split(csWord);
        }

        Optional<String> readStates(String rest) {
            KeyValueTokens tokens = KeyValueTokens.of(rest);
            // "st:" is the pre-8.3 spelling of "ro:".
            String roles = tokens.pairs().getOrDefault("ro", tokens.pairs().get("st"));
            String disks = tokens.pairs().get("ds");
            if (roles == null || disks == null) {
                return Optional.of("minor line without ro:/st: and ds: (truncated?)");
            }
            String[] roleWords = roles.split("/", -1);
            String[] diskWords = disks.split("/", -1);
            if (roleWords.length != 2 || diskWords.length != 2) {
                return Optional.of("ro: and ds: must read LOCAL/PEER");
            }
            role = Role.fromWord(roleWords[0]);
            peerRole = Role.fromWord(roleWords[1]);
            disk = DiskState.fromWord(diskWords[0]);
            peerDisk = DiskState.fromWord(diskWords[1]);
            // Protocol letter and flags are positional; StandAlone prints a blank for the protocol.
            for (String word : tokens.bareWords()) {
                if (word.matches("[ABC]")) {
                    protocol = word;
                } else if (word.matches("[rs][-a-z]{3,5}")) {
                    flags = word;
                }
            }
            return Optional.empty();
        }

        ProcDrbdMinor build() {
            Optional<ResyncProgress> resync = percentDone.isPresent()
                    ? Optional.of(new ResyncProgress(percentDone.getAsDouble(), timeToFinish, kibPerSecond, stalled))
                    : Optional.empty();
            return new ProcDrbdMinor.Configured(
                    minor, cs.connection(), cs.replication(), role, peerRole, disk, peerDisk, protocol, flags,
                    counters, resync);
        }
    }
}
