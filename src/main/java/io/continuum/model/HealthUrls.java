package io.continuum.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which URLs a health check may call: http or https on one of the node's own addresses, or on a host
 * the operator allows ({@code continuum.health.allowed-hosts}). Anything else would let a description
 * make the orchestrator call whatever it can reach.
 */
public record HealthUrls(Set<String> allowedHosts) {

    public static final HealthUrls NONE_ALLOWED = new HealthUrls(Set.of());

    public HealthUrls {
        allowedHosts = allowedHosts.stream().map(HealthUrls::normal).collect(Collectors.toUnmodifiableSet());
    }

    /** Why this URL may not be called for a node with these addresses, or empty when it may. */
    public Optional<String> refusal(String url, Collection<String> ownHosts) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("health-check URL '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("health-check URL '" + url + "' must be http:// or https://");
        }
        if (uri.getHost() == null) {
            return Optional.of("health-check URL '" + url + "' names no host");
        }
        String host = normal(uri.getHost());
        Set<String> own = ownHosts.stream().filter(h -> h != null && !h.isBlank()).map(HealthUrls::normal)
                .collect(Collectors.toCollection(TreeSet::new));
        if (own.contains(host) || allowedHosts.contains(host)) {
            return Optional.empty();
        }
        return Optional.of("health-check URL host " + host + " is not one of the node's addresses ("
                + (own.isEmpty() ? "none known yet" : String.join(", ", own)) + ") nor in continuum.health.allowed-hosts ("
                + (allowedHosts.isEmpty() ? "empty" : String.join(", ", new TreeSet<>(allowedHosts)))
                + "); write the host as {{ ip }}, {{ public_address }} or {{ private_address }}, or ask the operator to allow it");
    }

    private static String normal(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
