package io.tandem.replicator.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The samples of a Prometheus text exposition, by series: {@code name{label="value",...}} exactly as
 * written, mapped to the value. Enough to read what tandem exports; not a general parser.
 */
record MetricsText(String text, Map<String, Double> samples) {

    static MetricsText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new MetricsText(text, samples);
    }

    /** The value of one series, e.g. {@code tandem_channel_up{channel="a"}}, if exported. */
    OptionalDouble value(String series) {
        Double value = samples.get(series);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** {@code metric{channel="NAME"}}. */
    OptionalDouble value(String metric, String channel) {
        return value(metric + "{channel=\"" + channel + "\"}");
    }
}
