package io.continuum.cloud.local.netns;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names and addresses of the local cloud's networks, all under 10.231.0.0/16 and a {@code ctm-}
 * prefix so that a sweep finds them. Pure: the same network index and host number give the same
 * addresses.
 * <pre>
 *   root namespace  ctm-root 10.231.100.1/24 ──veth── r0 10.231.100.254   namespace ctm-pub (the public segment: a router)
 *   network i       uplink   10.231.(100+i).1/24 ──veth── n&lt;i&gt; 10.231.(100+i).254
 *                   private LAN priv0 10.231.i.1/24
 *                   node k:  public 10.231.(100+i).k/32 on lo, private 10.231.i.k/24 on priv0
 * </pre>
 * The router knows only the public blocks, so a private address is unreachable from anywhere but its
 * own network: that is the isolation under test.
 */
public final class AddressPlan {

    /** Everything this creates lies in this range; the host must not use it otherwise. */
    public static final String RANGE = "10.231.0.0/16";
    static final String PREFIX = "ctm-";
    static final String PUBLIC_NS = PREFIX + "pub";
    static final String NETWORK_NS_PREFIX = PREFIX + "n-";
    /** The root namespace's end of its link to the public segment: the only interface created outside a namespace. */
    static final String ROOT_LINK = PREFIX + "root";
    static final String ROUTER_ROOT_LINK = "r0";
    static final String UPLINK = "uplink";
    static final String PRIVATE_LAN = "priv0";
    static final String PRIVATE_LAN_PEER = "priv1";
    static final String ROOT_ADDRESS = "10.231.100.1";
    static final String ROUTER_ROOT_ADDRESS = "10.231.100.254";

    static final int MAX_NETWORKS = 99;
    /** The private LAN's own address (10.231.i.1), which every node address of the LAN is a secondary of. */
    static final int LAN_HOST = 1;
    static final int FIRST_HOST = 10;
    static final int LAST_HOST = 249;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");

    private AddressPlan() {
    }

    /** What is wrong with a network name, if anything: it becomes part of a namespace name. */
    public static Optional<String> nameProblem(String network) {
        return NAME.matcher(network).matches() ? Optional.empty()
                : Optional.of("must be a network name of 1 to 12 lower-case letters and digits starting with a letter, found '"
                + network + "'");
    }

    static String namespace(String network) {
        return NETWORK_NS_PREFIX + network;
    }

    /** The network a namespace of this plan serves, if it is one. */
    static Optional<String> network(String namespace) {
        return namespace.startsWith(NETWORK_NS_PREFIX) ? Optional.of(namespace.substring(NETWORK_NS_PREFIX.length()))
                : Optional.empty();
    }

    /** The router's end of network i's uplink. */
    static String routerLink(int index) {
        return "n" + index;
    }

    static String uplinkAddress(int index) {
        return publicBlock(index) + ".1";
    }

    static String routerAddress(int index) {
        return publicBlock(index) + ".254";
    }

    static String publicAddress(int index, int host) {
        return publicBlock(index) + "." + host;
    }

    static String privateAddress(int index, int host) {
        return "10.231." + index + "." + host;
    }

    /** The network index an uplink address names, if it is one of this plan's. */
    static Optional<Integer> indexOfUplink(String address) {
        for (int i = 1; i <= MAX_NETWORKS; i++) {
            if (uplinkAddress(i).equals(address)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The public /24 of network i: its router link and its nodes' public addresses. */
    static String publicBlock(int index) {
        return "10.231." + (100 + index);
    }
}
