package io.longrun.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads Prometheus' text format into "name{labels}" → value, enough for assertions. */
public final class Prometheus {
    private Prometheus() {
    }

    public static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            String series = line.substring(0, split).strip();
            double value = Double.parseDouble(line.substring(split + 1).strip());
            // Micrometer adds no labels beyond the meter's own here, but keeps a trailing comma out of the key.
            samples.put(series.replace(",}", "}"), value);
        }
        return samples;
    }

    public static Set<String> names(Map<String, Double> samples) {
        Set<String> names = new TreeSet<>();
        for (String series : samples.keySet()) {
            int brace = series.indexOf('{');
            names.add(brace < 0 ? series : series.substring(0, brace));
        }
        return names;
    }
}
