package io.tandem.cli;

import io.tandem.replicator.config.AdminConfig;
import java.net.InetSocketAddress;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the tandem service's admin endpoint is and which token to show it.
 *
 * <p>The address comes from {@code --url}, else the configuration's {@code [replicator] admin-listen}, else the
 * default {@value #DEFAULT_LISTEN}. The token comes from {@code --token-file}, else the environment variable
 * {@value #TOKEN_VARIABLE}, else the configuration's {@code admin-token} or {@code admin-token-file}; without one,
 * requests carry no {@code Authorization} header.
 *
 * @param base {@code http://HOST:PORT}, without a trailing slash
 * @param token the bearer token, or null
 * @param tokenOrigin where the token came from, for the message when the endpoint refuses it
 */
record AdminEndpoint(URI base, String token, String tokenOrigin) {

    static final String DEFAULT_LISTEN = "127.0.0.1:8470";
    static final String TOKEN_VARIABLE = "TANDEM_ADMIN_TOKEN";

    /**
     * @param url {@code --url}, or null
     * @param tokenFile {@code --token-file}, or null
     * @param config {@code -c}, or null
     * @throws CommandFailure exit 2 when an address is malformed, the endpoint is off, or a token file is unreadable
     */
    static AdminEndpoint resolve(String url, Path tokenFile, Path config, Map<String, String> environment)
            throws CommandFailure {
        AdminConfig admin = config == null ? AdminConfig.DEFAULT : Configs.load(config).admin();
        URI base;
        if (url != null) {
            base = uri(url.contains("://") ? url : "http://" + url, "--url " + url);
        } else if (admin.listen().isEmpty()) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, config + " turns the admin endpoint off (admin-listen"
                    + " = off): give --url, or read the status without the service: tandem status --offline -c "
                    + config);
        } else {
            InetSocketAddress listen = admin.listen().get();
            java.net.InetAddress address = listen.getAddress();
            String host = address == null ? listen.getHostString()
                    // A service listening on every interface is reached through loopback, in its address family.
                    : address.isAnyLocalAddress() ? (address instanceof java.net.Inet6Address ? "::1" : "127.0.0.1")
                    : address.getHostAddress();
            String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + listen.getPort();
            base = listenUri(hostPort, "admin-listen = " + hostPort + (config == null ? "" : " in " + config));
        }
        String variable = environment.get(TOKEN_VARIABLE);
        if (tokenFile != null) {
            return new AdminEndpoint(base, firstLine(tokenFile, "--token-file"), "--token-file " + tokenFile);
        } else if (variable != null && !variable.isBlank()) {
            return new AdminEndpoint(base, variable.strip(), "the environment variable " + TOKEN_VARIABLE);
        } else if (admin.token().isPresent()) {
            return new AdminEndpoint(base, admin.token().get().reveal(), "admin-token or admin-token-file in " + config);
        }
        return new AdminEndpoint(base, null, "none given");
    }

    /**
     * {@code HOST:PORT} as the service listens on it, as a URL to connect to. A wildcard address (listen on every
     * interface) is reached through loopback.
     */
    static URI listenUri(String listen, String origin) throws CommandFailure {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, origin + ": expected HOST:PORT, like " + DEFAULT_LISTEN);
        }
        String host = listen.substring(0, colon);
        String port = listen.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("0.0.0.0") || host.equals("*")) {
            host = "127.0.0.1";
        } else if (host.equals("::")) {
            host = "::1";
        }
        return uri("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port, origin);
    }

    private static URI uri(String text, String origin) throws CommandFailure {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        try {
            URI uri = new URI(trimmed);
            if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
                throw new URISyntaxException(trimmed, "expected http://HOST:PORT");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, origin + ": not an address like http://"
                    + DEFAULT_LISTEN + " (" + e.getReason() + ")");
        }
    }

    private static String firstLine(Path file, String origin) throws CommandFailure {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.getFirst().isBlank()) {
                throw new CommandFailure(TandemCommand.EXIT_USAGE, origin + ": " + file + " is empty; its first line"
                        + " must be the admin token");
            }
            return lines.getFirst().strip();
        } catch (IOException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, origin + ": cannot read " + file + ": " + e);
        }
    }
}
