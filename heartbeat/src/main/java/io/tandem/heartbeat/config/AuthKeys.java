package io.tandem.heartbeat.config;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What authkeys says: every key by index, and which one signs outgoing messages ({@code auth <index>}).
 *
 * <p>heartbeat 3.0.6 verifies an incoming message with the algorithm of the index its trailer names but with the
 * key of its own active index (protocol notes, section 4.3); tandem verifies with the named index's own key. Both
 * nodes therefore need the same active index with the same key.
 *
 * @param activeIndex the index named by {@code auth}
 * @param keys every key line, by index
 */
public record AuthKeys(int activeIndex, List<AuthKey> keys) {

    public AuthKeys {
        keys = keys.stream().sorted(Comparator.comparingInt(AuthKey::index)).toList();
        for (int i = 1; i < keys.size(); i++) {
            if (keys.get(i).index() == keys.get(i - 1).index()) {
                throw new IllegalArgumentException("authkeys index " + keys.get(i).index() + " appears twice");
            }
        }
        int active = activeIndex;
        if (keys.stream().noneMatch(key -> key.index() == active)) {
            throw new IllegalArgumentException("auth " + activeIndex + " names no key line");
        }
    }

    /** The key that signs outgoing messages. */
    public AuthKey active() {
        return keyAt(activeIndex).orElseThrow();
    }

    /** The key of {@code index}, for verifying a message whose trailer names it. */
    public Optional<AuthKey> keyAt(int index) {
        return keys.stream().filter(key -> key.index() == index).findFirst();
    }
}
