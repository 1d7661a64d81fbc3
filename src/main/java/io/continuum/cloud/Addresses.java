package io.continuum.cloud;

/**
 * A node's addresses. {@code publicAddress} is what other clouds and clients reach (a floating IP,
 * an Azure public IP, an ACI DNS name, 127.0.0.1 locally); either may be null when not known yet.
 */
public record Addresses(String publicAddress, String privateAddress) {

    public static final Addresses NONE = new Addresses(null, null);

    /** The address to reach the node by: public when there is one. */
    public String reachable() {
        return publicAddress != null ? publicAddress : privateAddress;
    }
}
