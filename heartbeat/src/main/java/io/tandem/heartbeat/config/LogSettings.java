package io.tandem.heartbeat.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * ha.cf's logging directives.
 *
 * @param logfile {@code logfile}
 * @param debugfile {@code debugfile}
 * @param facility {@code logfacility}: a syslog facility, or {@code none} for no syslog
 * @param useLogd {@code use_logd}; when ha.cf names no log file and no facility heartbeat turns it on by itself
 * @param debugLevel {@code debug}, 0 to 255
 * @param logdReconnectInterval {@code conn_logd_time}
 */
public record LogSettings(Optional<String> logfile, Optional<String> debugfile, Optional<String> facility,
        boolean useLogd, int debugLevel, Duration logdReconnectInterval) {

    public LogSettings {
        Objects.requireNonNull(logfile, "logfile");
        Objects.requireNonNull(debugfile, "debugfile");
        Objects.requireNonNull(facility, "facility");
        Objects.requireNonNull(logdReconnectInterval, "logdReconnectInterval");
        if (debugLevel < 0 || debugLevel > 255) {
            throw new IllegalArgumentException("debug level 0-255, not " + debugLevel);
        }
    }
}
