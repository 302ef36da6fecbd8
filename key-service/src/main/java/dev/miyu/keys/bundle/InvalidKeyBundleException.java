package dev.miyu.keys.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The submitted bundle is not acceptable; {@code problems} maps each offending field to what is wrong with it. */
public class InvalidKeyBundleException extends RuntimeException {

    private final Map<String, String> problems;

    public InvalidKeyBundleException(Map<String, String> problems) {
        super("invalid key bundle: " + problems.keySet());
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    public Map<String, String> problems() {
        return problems;
    }
}
