package io.continuum.cloud.local.netns;

import java.util.List;

/** What tests see of the local networks on this host: the namespaces, which one a pid runs in, partitions, clean-up. */
public final class TestNetworks {

    private TestNetworks() {
    }

    /** Whether this host can make them, and why not. */
    public static java.util.Optional<String> refusal() {
        return LocalNetworks.refusal("elkh");
    }

    /** The plan's namespaces on this host, sorted. */
    public static List<String> namespaces() {
        return Ip.lines("netns", "list").stream().map(l -> l.split("\\s+")[0])
                .filter(n -> n.startsWith(AddressPlan.PREFIX)).sorted().toList();
    }

    /** Whether the root namespace's link to the public segment (and so its route) exists. */
    public static boolean rootLinkExists() {
        return Ip.run("link", "show").contains(AddressPlan.ROOT_LINK);
    }

    /** The namespace a process runs in ("" for the root namespace). */
    public static String namespaceOf(long pid) {
        return Ip.run("netns", "identify", Long.toString(pid));
    }

    /** A command run inside a network (its namespace), as a process there would run. */
    public static List<String> inside(String network, List<String> command) {
        List<String> wrapped = new java.util.ArrayList<>(List.of(Ip.BINARY, "netns", "exec", AddressPlan.namespace(network)));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Cuts the public segment between two networks, given an address of each (a /24 each): the
     * router drops what one sends the other, both ways, silently, as a failed link does. Either
     * network still reaches the root namespace.
     */
    public static void cut(String addressA, String addressB) {
        Ip.add("-n", AddressPlan.PUBLIC_NS, "rule", "add", "from", block(addressA), "to", block(addressB), "blackhole");
        Ip.add("-n", AddressPlan.PUBLIC_NS, "rule", "add", "from", block(addressB), "to", block(addressA), "blackhole");
    }

    public static void heal(String addressA, String addressB) {
        Ip.remove("-n", AddressPlan.PUBLIC_NS, "rule", "del", "from", block(addressA), "to", block(addressB), "blackhole");
        Ip.remove("-n", AddressPlan.PUBLIC_NS, "rule", "del", "from", block(addressB), "to", block(addressA), "blackhole");
    }

    /** Everything of the plan, whatever state a failed test left it in. */
    public static void removeAll() {
        namespaces().forEach(ns -> Ip.remove("netns", "del", ns));
        Ip.remove("link", "del", AddressPlan.ROOT_LINK);
    }

    private static String block(String address) {
        return address.substring(0, address.lastIndexOf('.')) + ".0/24";
    }
}
