package io.tandem.heartbeat.wire;

import java.util.Arrays;

/**
 * One key line of {@code authkeys}: {@code <index> <method> [secret]}. The secret is the key token's
 * bytes as heartbeat reads them; it never appears in {@link #toString()}.
 *
 * @param index 0..15, the number a message's signature names
 * @param method how messages under this index are signed
 * @param secret the key token; empty for {@link AuthMethod#CRC}, required for the others
 */
public record AuthKey(int index, AuthMethod method, byte[] secret) {

    /** Heartbeat accepts key indices 0..15 ({@code MAXAUTH} is 16). */
    public static final int MAX_INDEX = 15;

    public AuthKey {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("key index " + index + " is outside 0.." + MAX_INDEX);
        }
        if (method == null) {
            throw new IllegalArgumentException("key " + index + " has no method");
        }
        secret = secret == null ? new byte[0] : secret.clone();
        if (method.needsSecret() && secret.length == 0) {
            throw new IllegalArgumentException("key " + index + " uses " + method.authkeysName()
                    + ", which needs a key token");
        }
    }

    /** A copy of the secret; the record keeps its own. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The secret without copying, for signing inside this package only. */
    byte[] secretForSigning() {
        return secret;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthKey key
                && key.index == index && key.method == method && Arrays.equals(key.secret, secret);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + method.hashCode()) + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return index + " " + method.authkeysName() + (secret.length == 0 ? "" : " ********");
    }
}
