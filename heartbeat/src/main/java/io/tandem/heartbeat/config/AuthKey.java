package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import java.util.Objects;

/**
 * One key line of authkeys: {@code <index> <method> [key]}.
 *
 * @param index 0 to 15, the number a message's trailer names
 * @param method the signature method
 * @param key the shared key; empty for {@code crc}. Prints as {@code ********}
 */
public record AuthKey(int index, AuthMethod method, Secret key) {

    /** heartbeat's MAXAUTH: indices 0 to 15. */
    public static final int MAX_INDEX = 15;

    public AuthKey {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(key, "key");
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("authkeys index 0-" + MAX_INDEX + ", not " + index);
        }
        if (method.needsKey() == key.isEmpty()) {
            throw new IllegalArgumentException(method.configName() + (method.needsKey() ? " needs a key" : " takes no key"));
        }
    }
}
