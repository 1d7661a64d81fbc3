package io.continuum.cloud;

/** What a cloud says about a resource now. {@code detail} is the cloud's message, for the user. */
public record ResourceStatus(ResourceState state, Addresses addresses, String detail) {

    public static ResourceStatus gone(String detail) {
        return new ResourceStatus(ResourceState.GONE, Addresses.NONE, detail);
    }
}
