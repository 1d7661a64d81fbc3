package io.continuum.cloud.azure.arm;

import io.continuum.cloud.CloudException;
import io.continuum.model.FieldType;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** A port a node serves, as the {@code ports} field writes it: {@code "9092/TCP"}, {@code "53/UDP"} or {@code 9092}. */
public record PortSpec(int port, String protocol) implements Comparable<PortSpec> {

    public static PortSpec parse(String text) {
        Matcher m = FieldType.PORT.matcher(text);
        if (m.matches() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) <= 65535) {
            return new PortSpec(Integer.parseInt(m.group(1)),
                    m.group(2) == null ? "TCP" : m.group(2).toUpperCase(Locale.ROOT));
        }
        throw new CloudException("port '" + text + "' is not a port like 9092/TCP or 53/UDP", true);
    }

    /** The ports written in the resource plus the TCP ports the engine says the node serves, each once, in order. */
    public static List<PortSpec> union(List<String> written, Collection<Integer> served) {
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
