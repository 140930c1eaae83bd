package io.tandem.heartbeat.config;

import java.util.List;
import java.util.Objects;

/**
 * ha.cf's {@code apiauth <client> [uid=a,b] [gid=c,d]}: who may connect to heartbeat's API as that client.
 */
public record ApiAuthorization(String client, List<String> uids, List<String> gids) {

    public ApiAuthorization {
        Objects.requireNonNull(client, "client");
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
        if (uids.isEmpty() && gids.isEmpty()) {
            throw new IllegalArgumentException("apiauth " + client + " needs uid= or gid=");
        }
    }
}
