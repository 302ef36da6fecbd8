package dev.miyu.gateway.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the few series the alert rules need out of a Prometheus text exposition (format 0.0.4; OpenMetrics, which
 * a service may answer with instead, only adds lines this skips). A line it cannot read is skipped, so one odd
 * series never hides the others.
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    static List<Sample> parse(String exposition, Set<String> names) {
        List<Sample> samples = new ArrayList<>();
        exposition.lines().forEach(line -> {
            if (line.isEmpty() || line.charAt(0) == '#') {
                return;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            if (names.contains(name)) {
                try {
                    samples.add(sample(name, line, nameEnd));
                } catch (RuntimeException unreadable) {
                    // Skipped on purpose, see the class comment.
                }
            }
        });
        return samples;
    }

    private static Sample sample(String name, String line, int at) {
        Map<String, String> labels = new HashMap<>();
        if (line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                int equals = line.indexOf('=', at);
                String label = line.substring(at, equals).trim();
                if (line.charAt(equals + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder value = new StringBuilder();
                at = equals + 2;
                for (char c = line.charAt(at); c != '"'; c = line.charAt(++at)) {
                    if (c == '\\') {
                        char escaped = line.charAt(++at);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                at++;
                if (line.charAt(at) == ',') {
                    at++;
                }
            }
            at++;
        }
        String rest = line.substring(at).trim();
        int valueEnd = rest.indexOf(' ');
        return new Sample(name, labels, value(valueEnd < 0 ? rest : rest.substring(0, valueEnd)));
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
