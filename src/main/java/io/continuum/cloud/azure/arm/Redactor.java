package io.continuum.cloud.azure.arm;

import java.util.HashSet;
import java.util.Set;

/** Masks secret values in text bound for messages and logs, in case a service ever echoes one back. */
public record Redactor(Set<String> secrets) {

    public static final String MASK = "***";

    public Redactor {
        secrets = Set.copyOf(secrets);
    }

    static Redactor of(String... secrets) {
        Set<String> s = new HashSet<>();
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                s.add(secret);
            }
        }
        return new Redactor(s);
    }

    Redactor with(String secret) {
        Set<String> s = new HashSet<>(secrets);
        s.addAll(of(secret).secrets());
        return new Redactor(s);
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
