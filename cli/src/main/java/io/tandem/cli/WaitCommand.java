package io.tandem.cli;

import io.tandem.replicator.event.BinlogPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem wait --channel NAME --caught-up}: blocks until a channel has finished what its source had written. */
@Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wait until a channel has applied everything its source had written when the command",
                "started (the source's SHOW MASTER STATUS, read through the service), then exit 0.",
                "The building block of a switchover without loss: stop writes on the source, wait, move the VIP.",
                "A channel in error ends the wait at once (exit 1); one that is retrying is waited for until",
                "--timeout (exit 4, saying how far it got and why). A service that cannot be asked ends it",
                "at once (exit 3)."},
        footerHeading = "%nExample:%n",
        footer = {"  tandem wait --channel db1-to-db2 --caught-up --timeout 30s && move the VIP"})
final class WaitCommand implements Callable<Integer> {

    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "The channel to wait for.")
    String channel;

    @Option(names = "--caught-up", required = true,
            description = "Wait until the channel has finished everything the source had written at the start"
                    + " (the only condition so far; required so that a later one cannot be mistaken for it).")
    boolean caughtUp;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
            description = "Give up after this long and exit 4 (default: ${DEFAULT-VALUE}; like 500ms, 30s, 5m).")
    String timeout;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "tandem configuration, for the admin endpoint's address and token.")
    Path config;

    @Mixin
    AdminEndpointOptions service = new AdminEndpointOptions();

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|lines|none",
            converter = ProgressModeConverter.class,
            description = "Progress on stderr while catching up: a redrawn bar with rate and time left, plain lines"
                    + " every " + CatchUpProgress.LINE_SECONDS + " s, or none (default: ${DEFAULT-VALUE}: the bar on"
                    + " a terminal, lines otherwise; none with --json).")
    CatchUpProgress.Mode progress;

    @Option(names = "--json", description = "Print the result as one JSON object: channel, caughtUp, target,"
            + " executedPosition, waitedSeconds, reason.")
    boolean json;

    @Override
    public Integer call() throws CommandFailure, InterruptedException {
        Duration limit;
        try {
            limit = Durations.parse(timeout);
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "--timeout: " + e.getMessage());
        }
        AdminEndpoint endpoint = service.resolve(config);
        CatchUpProgress.Style style = CatchUpProgress.choose(progress, CatchUpProgress.isTerminal(), json);
        CatchUpProgress[] shown = {null};
        InstantSource clock = InstantSource.system();
        CatchUpWait.Outcome outcome;
        try (AdminClient client = new AdminClient(endpoint, "Is tandem running (tandem run) with that"
                + " admin-listen? Waiting needs the service.")) {
            outcome = new CatchUpWait(client, clock, duration -> Thread.sleep(duration)).await(channel, limit,
                    status -> {
                        if (status.bytesBehind() == null) {
                            return;
                        }
                        if (shown[0] == null) {
                            shown[0] = new CatchUpProgress(style, status.bytesBehind(), clock, System.err);
                        }
                        shown[0].update(status.bytesBehind(), status.lagSeconds());
                    });
        } catch (CommandFailure failure) {
            if (json) {
                System.out.println(json(channel, false, null, null, null, failure.getMessage()));
            }
            throw failure;
        } finally {
            if (shown[0] != null) {
                shown[0].finish();
            }
        }
        if (json) {
            System.out.println(json(channel, outcome.isCaughtUp(), outcome.target(), outcome.executed(),
                    outcome.waited(), outcome.reason()));
        } else if (outcome.isCaughtUp()) {
            System.out.println(channel + " caught up to " + outcome.target() + " (executed " + outcome.executed()
                    + ") in " + HumanUnits.lag(outcome.waited().toMillis() / 1000.0));
        }
        if (!outcome.isCaughtUp()) {
            System.err.println(outcome.reason());
        }
        return outcome.exitCode();
    }

    /** {@code {"channel", "caughtUp", "target", "executedPosition", "waitedSeconds", "reason"}}, on one line. */
    static String json(String channel, boolean caughtUp, BinlogPosition target, BinlogPosition executed,
            Duration waited, String reason) {
        return "{\"channel\":" + Json.string(channel) + ",\"caughtUp\":" + caughtUp + ",\"target\":" + json(target)
                + ",\"executedPosition\":" + json(executed) + ",\"waitedSeconds\":"
                + (waited == null ? "null" : String.format(Locale.ROOT, "%.3f", waited.toMillis() / 1000.0))
                + ",\"reason\":" + Json.string(reason) + "}";
    }

    private static String json(BinlogPosition position) {
        return position == null ? "null"
                : "{\"file\":" + Json.string(position.file()) + ",\"position\":" + position.position() + "}";
    }

    /** {@code auto|bar|lines|none}, in any case. */
    static final class ProgressModeConverter implements CommandLine.ITypeConverter<CatchUpProgress.Mode> {
        @Override
        public CatchUpProgress.Mode convert(String value) {
            try {
                return CatchUpProgress.Mode.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of auto, bar, lines, none");
            }
        }
    }
}
