package io.tandem.heartbeat.wire;

import java.util.List;
import java.util.Optional;

/**
 * The keys of {@code authkeys}: every configured index, and the one ({@code auth N}) that outgoing
 * messages are signed with.
 *
 * <p>Incoming messages are verified with the key of the index they name. heartbeat 3.0.6 instead verifies
 * with the algorithm of the named index but the secret of its own active index, so a tandem node and a
 * 3.0.6 peer must use the same active index with the same secret, and rotate keys in lock-step.
 *
 * @param activeIndex the index named by {@code auth N}
 * @param keys every configured key, indices unique
 */
public record AuthKeys(int activeIndex, List<AuthKey> keys) {

    public AuthKeys {
        keys = List.copyOf(keys);
        boolean[] seen = new boolean[AuthKey.MAX_INDEX + 1];
        for (AuthKey key : keys) {
            if (seen[key.index()]) {
                throw new IllegalArgumentException("key index " + key.index() + " is configured twice");
            }
            seen[key.index()] = true;
        }
        if (activeIndex < 0 || activeIndex > AuthKey.MAX_INDEX || !seen[activeIndex]) {
            throw new IllegalArgumentException("active key index " + activeIndex + " is not among the keys "
                    + keys.stream().map(key -> String.valueOf(key.index())).toList());
        }
    }

    /** A single key that is also the active one, the usual {@code auth 1} / {@code 1 sha1 secret} file. */
    public static AuthKeys of(AuthKey onlyKey) {
        return new AuthKeys(onlyKey.index(), List.of(onlyKey));
    }

    /** The key outgoing messages are signed with. */
    public AuthKey active() {
        return find(activeIndex).orElseThrow();
    }

    /** The key configured under an index, if any. */
    public Optional<AuthKey> find(int index) {
        for (AuthKey key : keys) {
            if (key.index() == index) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
