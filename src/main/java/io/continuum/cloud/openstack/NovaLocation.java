package io.continuum.cloud.openstack;

import io.continuum.cloud.CloudException;
import io.continuum.cloud.ResourceRef;
import io.continuum.model.Resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a server lives: the Keystone v3 URL, the project, the region and the user's domain. It
 * comes from the node definition, travels in the tags of every {@link ResourceRef} this adapter
 * returns, and, for a ref that lacks it (a creation interrupted before the cloud answered, or
 * {@code list}), from the openrc variables of the environment.
 *
 * @param projectId null only when an application credential (which names its project) is used
 * @param region    null for the catalog's first endpoint of each service
 */
record NovaLocation(String endpoint, String projectId, String region, String userDomain) {

    static final String TAG_ENDPOINT = "openstack-endpoint";
    static final String TAG_PROJECT = "openstack-project";
    static final String TAG_REGION = "openstack-region";
    static final String TAG_USER_DOMAIN = "openstack-user-domain";

    static final String AUTH_URL = "OS_AUTH_URL";
    static final String PROJECT_ID = "OS_PROJECT_ID";
    static final String REGION_NAME = "OS_REGION_NAME";
    static final String USER_DOMAIN_NAME = "OS_USER_DOMAIN_NAME";

    private static final String DEFAULT_DOMAIN = "Default";

    NovaLocation {
        endpoint = v3(endpoint);
        userDomain = userDomain == null ? DEFAULT_DOMAIN : userDomain;
    }

    static NovaLocation of(Resource resource) {
        return new NovaLocation(NovaSpec.required(resource, NovaSchema.ENDPOINT),
                NovaSpec.required(resource, NovaSchema.PROJECT_ID), NovaSchema.REGION_NAME.in(resource).orElse(null),
                NovaSchema.USER_DOMAIN_NAME.in(resource).orElse(null));
    }

    /** The location recorded in the ref's tags, else the one the environment names. */
    static NovaLocation of(ResourceRef ref, Function<String, String> env) {
        Map<String, String> tags = ref.tags();
        if (tags.containsKey(TAG_ENDPOINT)) {
            return new NovaLocation(tags.get(TAG_ENDPOINT), tags.get(TAG_PROJECT), tags.get(TAG_REGION),
                    tags.get(TAG_USER_DOMAIN));
        }
        return fromEnvironment(env).orElseThrow(() -> new CloudException("server " + ref.name()
                + " has no recorded OpenStack location; set " + AUTH_URL + " (and " + PROJECT_ID + ", "
                + REGION_NAME + " as in your openrc file) so Continuum can look it up", true));
    }

    /** The cloud the openrc variables name, if {@value #AUTH_URL} is set. */
    static Optional<NovaLocation> fromEnvironment(Function<String, String> env) {
        return value(env, AUTH_URL).map(url -> new NovaLocation(url, value(env, PROJECT_ID).orElse(null),
                value(env, REGION_NAME).orElse(null), value(env, USER_DOMAIN_NAME).orElse(null)));
    }

    /** This location as ref tags, so later calls find the server where it was created. */
    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_ENDPOINT, endpoint);
        if (projectId != null) {
            tags.put(TAG_PROJECT, projectId);
        }
        if (region != null) {
            tags.put(TAG_REGION, region);
        }
        tags.put(TAG_USER_DOMAIN, userDomain);
        return tags;
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).filter(v -> !v.isBlank());
    }

    /** openrc files and Occopus definitions write the Keystone URL with or without its version. */
    private static String v3(String url) {
        String trimmed = url.replaceAll("/+$", "");
        return trimmed.endsWith("/v3") ? trimmed : trimmed + "/v3";
    }
}
