package io.continuum.model;

import java.util.Map;
import java.util.Optional;

/** The cloud resource a node runs on: its type ({@code nova}, {@code azure_vm}, {@code azure_aci}, {@code local}) and fields. */
public record Resource(String type, Map<String, Object> fields) {

    public Optional<String> string(String key) {
        Object v = fields.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    public String require(String key) {
        return string(key).orElseThrow(() -> new IllegalStateException(type + " resource has no " + key));
    }
}
