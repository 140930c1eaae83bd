package io.tandem.heartbeat.config;

import java.util.Arrays;
import java.util.Optional;

/** An authkeys signature method: heartbeat 3.0.6's HBauth plugins (protocol notes, section 4.2). */
public enum AuthMethod {
    /** CRC-32/POSIX: detects corruption, authenticates nothing; takes no key. */
    CRC("crc", false),
    /** HMAC-SHA1 with the key; the recommended method. */
    SHA1("sha1", true),
    /** HMAC-MD5 with the key. */
    MD5("md5", true);

    private final String configName;
    private final boolean needsKey;

    AuthMethod(String configName, boolean needsKey) {
        this.configName = configName;
        this.needsKey = needsKey;
    }

    /** The name as authkeys spells it, always lower case. */
    public String configName() {
        return configName;
    }

    public boolean needsKey() {
        return needsKey;
    }

    /** The method spelled exactly {@code name}; heartbeat loads the plugin file of that name, so case matters. */
    public static Optional<AuthMethod> byConfigName(String name) {
        return Arrays.stream(values()).filter(method -> method.configName.equals(name)).findFirst();
    }
}
