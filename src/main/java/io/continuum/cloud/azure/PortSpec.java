package io.continuum.cloud.azure;

import io.continuum.cloud.CloudException;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A port a node serves, as the {@code ports} field writes it: {@code "9092/TCP"}, {@code "53/UDP"} or {@code 9092}. */
record PortSpec(int port, String protocol) implements Comparable<PortSpec> {

    static PortSpec parse(String text) {
        String[] parts = text.strip().split("/", -1);
        String protocol = parts.length > 1 ? parts[1].strip().toUpperCase(Locale.ROOT) : "TCP";
        try {
            int port = Integer.parseInt(parts[0].strip());
            if (parts.length <= 2 && port >= 1 && port <= 65535 && (protocol.equals("TCP") || protocol.equals("UDP"))) {
                return new PortSpec(port, protocol);
            }
        } catch (NumberFormatException e) {
            // reported below with the text as written
        }
        throw new CloudException("port '" + text + "' is not a port like 9092/TCP or 53/UDP", true);
    }

    /** The ports written in the resource plus the TCP ports the engine says the node serves, each once, in order. */
    static List<PortSpec> union(List<String> written, Collection<Integer> served) {
        TreeSet<PortSpec> all = new TreeSet<>();
        written.stream().map(PortSpec::parse).forEach(all::add);
        Stream.ofNullable(served).flatMap(Collection::stream).map(p -> new PortSpec(p, "TCP")).forEach(all::add);
        return List.copyOf(all);
    }

    @Override
    public int compareTo(PortSpec o) {
        int c = Integer.compare(port, o.port);
        return c != 0 ? c : protocol.compareTo(o.protocol);
    }
}
