package io.continuum.cloud.local.netns;

import io.continuum.cloud.Addresses;
import io.continuum.cloud.CloudException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntPredicate;

/**
 * The local cloud's own networks ({@code resource.network}): each is a Linux network namespace with a
 * private LAN, linked to a shared public segment (a router namespace) that the root namespace, where
 * Continuum runs, is linked to as well. So health checks and Admin calls reach every node's public
 * address, as they reach floating IPs, and nothing outside a network reaches its private addresses.
 * See {@link AddressPlan} for names and addresses.
 * <p>
 * Every step is idempotent and claims what it takes atomically through the kernel (adding a link or
 * an address that exists fails), so a repeated or concurrent call finds what the first one made.
 * A node directory records its network and host number ({@value #RECORD}); the namespaces are the
 * rest of the truth. A network namespace is removed with its last node, the public segment with the
 * last network, and the first use in a process sweeps whatever an earlier process left behind.
 */
public final class LocalNetworks {

    private static final Logger LOG = Logger.getLogger(LocalNetworks.class);
    static final String RECORD = "network.properties";

    private boolean swept;

    /** Why a node cannot ask for this network here (a bad name, or a host that cannot make namespaces), if anything. */
    public static Optional<String> refusal(String network) {
        return AddressPlan.nameProblem(network).or(NamespaceHost::refusal);
    }

    /**
     * Puts a node on its network, making the network (and the public segment) first if needed, and
     * returns its addresses; again for the same directory, the same host number.
     */
    public synchronized Addresses attach(Path nodeDir, String network) {
        AddressPlan.nameProblem(network).ifPresent(why -> {
            throw new CloudException("resource.network " + why, true);
        });
        try {
            sweepOnce();
            ensureSegment();
            int index = ensureNetwork(network);
            String ns = AddressPlan.namespace(network);
            Optional<Record> before = record(nodeDir);
            before.filter(r -> !r.network().equals(network)).ifPresent(LocalNetworks::release); // moved to another network
            Optional<Integer> recorded = before.filter(r -> r.network().equals(network)).map(Record::host);
            int host;
            if (recorded.isPresent()) {
                host = recorded.get();
                Ip.add("-n", ns, "addr", "add", AddressPlan.privateAddress(index, host) + "/24", "dev", AddressPlan.PRIVATE_LAN);
            } else {
                host = claim(h -> tryAdd("-n", ns, "addr", "add", AddressPlan.privateAddress(index, h) + "/24",
                        "dev", AddressPlan.PRIVATE_LAN), AddressPlan.FIRST_HOST, AddressPlan.LAST_HOST, "address in network " + network);
                writeRecord(nodeDir, new Record(network, host));
            }
            Ip.add("-n", ns, "addr", "add", AddressPlan.publicAddress(index, host) + "/32", "dev", "lo");
            return new Addresses(AddressPlan.publicAddress(index, host), AddressPlan.privateAddress(index, host));
        } catch (Ip.Failure f) {
            throw new CloudException("could not set up local network " + network + ": " + f.getMessage(), false, f);
        }
    }

    /** The node's addresses, if it is on a network that exists. */
    public Optional<Addresses> addresses(Path nodeDir) {
        return record(nodeDir).flatMap(r -> index(AddressPlan.namespace(r.network()))
                .map(i -> new Addresses(AddressPlan.publicAddress(i, r.host()), AddressPlan.privateAddress(i, r.host()))));
    }

    /** The command run inside the node's network namespace ({@code ip netns exec} execs it: the pid stays the command's). */
    public List<String> inside(Path nodeDir, List<String> command) {
        Optional<Record> r = record(nodeDir);
        if (r.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(Ip.BINARY, "netns", "exec", AddressPlan.namespace(r.get().network())));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether the node directory is on a network of this class. */
    public boolean attached(Path nodeDir) {
        return record(nodeDir).isPresent();
    }

    /**
     * Takes a stopped node off its network, and removes the network, and the public segment, once
     * nothing uses them. A node on no network is left alone (no {@code ip} call).
     */
    public synchronized void detach(Path nodeDir) {
        Optional<Record> r = record(nodeDir);
        if (r.isEmpty()) {
            return;
        }
        try {
            sweepOnce();
            release(r.get());
            Files.deleteIfExists(nodeDir.resolve(RECORD));
            removeSegmentIfUnused();
        } catch (Ip.Failure | IOException e) {
            throw new CloudException("could not take " + nodeDir.getFileName() + " off its local network: " + e.getMessage(), false, e);
        }
    }

    /** Gives a node's addresses back, and removes its network if nothing else uses it. */
    private static void release(Record r) {
        String ns = AddressPlan.namespace(r.network());
        index(ns).ifPresent(i -> {
            Ip.remove("-n", ns, "addr", "del", AddressPlan.publicAddress(i, r.host()) + "/32", "dev", "lo");
            Ip.remove("-n", ns, "addr", "del", AddressPlan.privateAddress(i, r.host()) + "/24", "dev", AddressPlan.PRIVATE_LAN);
        });
        removeIfUnused(ns);
    }

    /**
     * Removes every network namespace of this plan in which no process runs (what a crashed earlier
     * process left behind: its nodes' processes are gone with it, or it would still have them), then
     * the public segment if no network is left.
     */
    synchronized void sweep() {
        for (String ns : namespaces()) {
            if (AddressPlan.network(ns).isPresent() && pids(ns).isEmpty()) {
                LOG.infof("local networks: removing %s, left without processes", ns);
                Ip.remove("netns", "del", ns);
            }
        }
        removeSegmentIfUnused();
    }

    private void sweepOnce() {
        if (!swept) {
            sweep();
            swept = true;
        }
    }

    private void ensureSegment() {
        if (!namespaces().contains(AddressPlan.PUBLIC_NS)) {
            hostUse().ifPresent(line -> {
                throw new CloudException("the local networks' range " + AddressPlan.RANGE
                        + " is already used on this host (" + line + "); free it to use resource.network", true);
            });
        }
        Ip.add("netns", "add", AddressPlan.PUBLIC_NS);
        Ip.run("-n", AddressPlan.PUBLIC_NS, "link", "set", "lo", "up");
        Ip.run("netns", "exec", AddressPlan.PUBLIC_NS, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        Ip.add("link", "add", AddressPlan.ROOT_LINK, "type", "veth", "peer", "name", AddressPlan.ROUTER_ROOT_LINK,
                "netns", AddressPlan.PUBLIC_NS);
        Ip.add("addr", "add", AddressPlan.ROOT_ADDRESS + "/24", "dev", AddressPlan.ROOT_LINK);
        Ip.run("link", "set", AddressPlan.ROOT_LINK, "up");
        Ip.add("-n", AddressPlan.PUBLIC_NS, "addr", "add", AddressPlan.ROUTER_ROOT_ADDRESS + "/24", "dev", AddressPlan.ROUTER_ROOT_LINK);
        Ip.run("-n", AddressPlan.PUBLIC_NS, "link", "set", AddressPlan.ROUTER_ROOT_LINK, "up");
        // Only the public segment is routed; the router has no route to any private LAN.
        Ip.add("route", "add", AddressPlan.RANGE, "via", AddressPlan.ROUTER_ROOT_ADDRESS, "dev", AddressPlan.ROOT_LINK);
    }

    /** The network's index, making its namespace, uplink and private LAN if they are not there. */
    private int ensureNetwork(String network) {
        String ns = AddressPlan.namespace(network);
        Optional<Integer> existing = index(ns);
        if (existing.isPresent()) {
            route(ns, existing.get()); // the one step after the uplink address (see below)
            return existing.get();
        }
        Ip.remove("netns", "del", ns); // half-made (no uplink address): start again
        Ip.run("netns", "add", ns);
        int index = claim(i -> tryAdd("-n", AddressPlan.PUBLIC_NS, "link", "add", AddressPlan.routerLink(i), "type", "veth",
                "peer", "name", AddressPlan.UPLINK, "netns", ns), 1, AddressPlan.MAX_NETWORKS, "network index");
        Ip.run("-n", AddressPlan.PUBLIC_NS, "addr", "add", AddressPlan.routerAddress(index) + "/24", "dev", AddressPlan.routerLink(index));
        Ip.run("-n", AddressPlan.PUBLIC_NS, "link", "set", AddressPlan.routerLink(index), "up");
        Ip.run("-n", ns, "link", "set", "lo", "up");
        Ip.run("-n", ns, "link", "add", AddressPlan.PRIVATE_LAN, "type", "veth", "peer", "name", AddressPlan.PRIVATE_LAN_PEER);
        Ip.run("-n", ns, "link", "set", AddressPlan.PRIVATE_LAN_PEER, "up");
        Ip.run("-n", ns, "link", "set", AddressPlan.PRIVATE_LAN, "up");
        // The LAN's own first address: nodes' addresses are secondaries of it, and removing a primary would take them all.
        Ip.run("-n", ns, "addr", "add", AddressPlan.privateAddress(index, AddressPlan.LAN_HOST) + "/24", "dev", AddressPlan.PRIVATE_LAN);
        Ip.run("-n", ns, "link", "set", AddressPlan.UPLINK, "up");
        // The uplink address marks the network as made (see index): only the route comes after it.
        Ip.run("-n", ns, "addr", "add", AddressPlan.uplinkAddress(index) + "/24", "dev", AddressPlan.UPLINK);
        route(ns, index);
        LOG.infof("local networks: made %s (public %s.0/24, private %s)", ns, AddressPlan.publicBlock(index),
                AddressPlan.privateAddress(index, 0) + "/24");
        return index;
    }

    /** The network reaches the public segment, and nothing else, through the router. */
    private static void route(String ns, int index) {
        Ip.add("-n", ns, "route", "add", AddressPlan.RANGE, "via", AddressPlan.routerAddress(index));
    }

    /** The index of a made network namespace, read from its uplink address. */
    private static Optional<Integer> index(String ns) {
        try {
            for (String line : Ip.lines("-n", ns, "-4", "-o", "addr", "show", "dev", AddressPlan.UPLINK)) {
                String[] f = line.trim().split("\\s+");
                for (int i = 0; i + 1 < f.length; i++) {
                    if (f[i].equals("inet")) {
                        Optional<Integer> index = AddressPlan.indexOfUplink(f[i + 1].replaceFirst("/.*", ""));
                        if (index.isPresent()) {
                            return index;
                        }
                    }
                }
            }
        } catch (Ip.Failure f) {
            // no such namespace or no uplink yet
        }
        return Optional.empty();
    }

    private static int claim(IntPredicate take, int first, int last, String what) {
        for (int i = first; i <= last; i++) {
            if (take.test(i)) {
                return i;
            }
        }
        throw new CloudException("no free " + what + " left (" + first + " to " + last + " are taken)", true);
    }

    /** Adds and says whether this call added it (false: it existed). */
    private static boolean tryAdd(String... args) {
        try {
            Ip.run(args);
            return true;
        } catch (Ip.Failure f) {
            if (f.exists()) {
                return false;
            }
            throw f;
        }
    }

    private static void removeIfUnused(String ns) {
        boolean hasNodes = index(ns).map(i -> Ip.lines("-n", ns, "-4", "-o", "addr", "show", "dev", AddressPlan.PRIVATE_LAN)
                .stream().anyMatch(l -> !l.contains(" " + AddressPlan.privateAddress(i, AddressPlan.LAN_HOST) + "/"))).orElse(false);
        if (!hasNodes && pids(ns).isEmpty()) {
            Ip.remove("netns", "del", ns);
        }
    }

    private void removeSegmentIfUnused() {
        if (namespaces().stream().noneMatch(ns -> AddressPlan.network(ns).isPresent())) {
            Ip.remove("netns", "del", AddressPlan.PUBLIC_NS);
            // Deleting the namespace takes its end of the veth pair with it, but not at once.
            Ip.remove("link", "del", AddressPlan.ROOT_LINK);
        }
    }

    private static List<String> namespaces() {
        return Ip.lines("netns", "list").stream().map(l -> l.trim().split("\\s+")[0])
                .filter(n -> n.startsWith(AddressPlan.PREFIX)).toList();
    }

    private static List<String> pids(String ns) {
        try {
            return Ip.lines("netns", "pids", ns);
        } catch (Ip.Failure f) {
            return List.of();
        }
    }

    /** An address or route of the root namespace inside the plan's range that is not this plan's, if any. */
    private static Optional<String> hostUse() {
        List<String> lines = new ArrayList<>(Ip.lines("-4", "-o", "addr", "show"));
        lines.addAll(Ip.lines("-4", "route", "show"));
        return lines.stream().filter(l -> l.contains(" 10.231.") || l.startsWith("10.231."))
                .filter(l -> !l.contains(AddressPlan.ROOT_LINK)).findFirst().map(String::strip);
    }

    private record Record(String network, int host) {
    }

    private static Optional<Record> record(Path nodeDir) {
        Path file = nodeDir.resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            return Optional.of(new Record(p.getProperty("network"), Integer.parseInt(p.getProperty("host"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void writeRecord(Path nodeDir, Record r) {
        Properties p = new Properties();
        p.setProperty("network", r.network());
        p.setProperty("host", Integer.toString(r.host()));
        try {
            Files.createDirectories(nodeDir);
            try (OutputStream out = Files.newOutputStream(nodeDir.resolve(RECORD))) {
                p.store(out, "the local network this node is on");
            }
        } catch (IOException e) {
            throw new CloudException("could not record the network of " + nodeDir.getFileName() + ": " + e.getMessage(), false, e);
        }
    }
}
