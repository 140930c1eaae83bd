package io.tandem.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that asks the running service shares: where its admin endpoint is, and the token. */
final class AdminEndpointOptions {

    @Option(names = "--url", paramLabel = "URL",
            description = "Admin endpoint of the service (default: admin-listen of -c FILE, else http://"
                    + AdminEndpoint.DEFAULT_LISTEN + ").")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File whose first line is the admin token (default: $" + AdminEndpoint.TOKEN_VARIABLE
                    + ", else admin-token or admin-token-file of -c FILE).")
    Path tokenFile;

    boolean isGiven() {
        return url != null || tokenFile != null;
    }

    AdminEndpoint resolve(Path config) throws CommandFailure {
        return AdminEndpoint.resolve(url, tokenFile, config, System.getenv());
    }
}
