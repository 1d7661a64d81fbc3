package io.continuum.cloud.openstack;

import io.continuum.model.FieldSpec;
import io.continuum.model.ResourceSchema;

import static io.continuum.model.FieldType.BOOLEAN;
import static io.continuum.model.FieldType.STRING;
import static io.continuum.model.FieldType.STRING_LIST;

/** The fields of a {@code nova} resource (Occopus names): declared once, checked by the parser, read by the handler. */
public final class NovaSchema {

    static final FieldSpec ENDPOINT = FieldSpec.required("endpoint", STRING);
    static final FieldSpec IMAGE_ID = FieldSpec.required("image_id", STRING);
    static final FieldSpec FLAVOR_NAME = FieldSpec.required("flavor_name", STRING);
    static final FieldSpec PROJECT_ID = FieldSpec.required("project_id", STRING);
    static final FieldSpec NETWORK_ID = FieldSpec.optional("network_id", STRING);
    static final FieldSpec SERVER_NAME = FieldSpec.optional("server_name", STRING);
    static final FieldSpec KEY_NAME = FieldSpec.optional("key_name", STRING);
    static final FieldSpec SECURITY_GROUPS = FieldSpec.optional("security_groups", STRING_LIST);
    static final FieldSpec FLOATING_IP = FieldSpec.optional("floating_ip", BOOLEAN).withDefault("false");
    static final FieldSpec FLOATING_IP_POOL = FieldSpec.optional("floating_ip_pool", STRING);
    static final FieldSpec REGION_NAME = FieldSpec.optional("region_name", STRING);
    static final FieldSpec USER_DOMAIN_NAME = FieldSpec.optional("user_domain_name", STRING);
    /** Accepted for Occopus compatibility and ignored: the project is scoped by id. */
    static final FieldSpec PROJECT_DOMAIN_NAME = FieldSpec.optional("project_domain_name", STRING);

    public static final ResourceSchema SCHEMA = ResourceSchema.of(NovaHandler.TYPE, ENDPOINT, IMAGE_ID, FLAVOR_NAME,
            PROJECT_ID, NETWORK_ID, SERVER_NAME, KEY_NAME, SECURITY_GROUPS, FLOATING_IP, FLOATING_IP_POOL, REGION_NAME,
            USER_DOMAIN_NAME, PROJECT_DOMAIN_NAME);

    private NovaSchema() {
    }
}
