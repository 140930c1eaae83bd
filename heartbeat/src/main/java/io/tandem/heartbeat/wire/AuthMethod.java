package io.tandem.heartbeat.wire;

import java.util.Locale;
import java.util.Optional;

/**
 * The signature methods of heartbeat's {@code authkeys} file, computed exactly as 3.0.6 does so that the
 * lower-case hex text matches byte for byte.
 */
public enum AuthMethod {

    /**
     * CRC-32/POSIX without the length suffix, written with {@code %lx} (no zero padding). It only detects
     * corruption: anyone can compute it, so it authenticates nothing.
     */
    CRC("crc", 1, 8, false),
    /** HMAC-MD5 (RFC 2104) keyed with the token's bytes; 32 hex digits. */
    MD5("md5", 32, 32, true),
    /** HMAC-SHA1 (RFC 2104) keyed with the token's bytes; 40 hex digits. */
    SHA1("sha1", 40, 40, true);

    private final String authkeysName;
    private final int minDigits;
    private final int maxDigits;
    private final boolean needsSecret;

    AuthMethod(String authkeysName, int minDigits, int maxDigits, boolean needsSecret) {
        this.authkeysName = authkeysName;
        this.minDigits = minDigits;
        this.maxDigits = maxDigits;
        this.needsSecret = needsSecret;
    }

    /** The method as written in {@code authkeys}: {@code crc}, {@code md5} or {@code sha1}. */
    public String authkeysName() {
        return authkeysName;
    }

    /** Whether {@code authkeys} must give a key token after the method name ({@code crc} takes none). */
    public boolean needsSecret() {
        return needsSecret;
    }

    /** Looks a method up by its {@code authkeys} name, ignoring case as heartbeat does. */
    public static Optional<AuthMethod> fromAuthkeysName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (AuthMethod method : values()) {
            if (method.authkeysName.equals(lower)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a digest of this many hex digits can have come from this method. A peer configured with
     * another method under the same index shows up here before any digest is computed.
     */
    boolean canProduceDigestOfLength(int hexDigits) {
        return hexDigits >= minDigits && hexDigits <= maxDigits;
    }
}
