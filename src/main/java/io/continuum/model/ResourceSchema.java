package io.continuum.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of one resource type, as the cloud that serves it declares them (each cloud package
 * holds its own), so that the parser checks every field's type before any cloud is called.
 *
 * @param oneRequired    groups of fields of which at least one must be given (an azure_vm's ssh_key_data or password)
 * @param fixedAddresses addresses every node of the type has before it exists (local nodes: 127.0.0.1)
 * @param kafkaRelease   the field naming the Kafka release the node runs, if the type has one (a local
 *                       node's {@code version}; an azure_vm's {@code version} is its image's, and its
 *                       Kafka is whatever its cloud-init fetches)
 */
public record ResourceSchema(String type, List<FieldSpec> fields, List<List<String>> oneRequired,
                             List<String> fixedAddresses, String kafkaRelease) {

    /** An environment reference, the only way to write a secret: {@code ${AZURE_VM_PASSWORD}}. */
    public static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public ResourceSchema {
        fields = List.copyOf(fields);
        oneRequired = oneRequired.stream().map(List::copyOf).toList();
        fixedAddresses = List.copyOf(fixedAddresses);
    }

    public static ResourceSchema of(String type, FieldSpec... fields) {
        return new ResourceSchema(type, List.of(fields), List.of(), List.of(), null);
    }

    public ResourceSchema needingOneOf(String... names) {
        List<List<String>> groups = new java.util.ArrayList<>(oneRequired);
        groups.add(List.of(names));
        return new ResourceSchema(type, fields, groups, fixedAddresses, kafkaRelease);
    }

    public ResourceSchema withFixedAddresses(String... addresses) {
        return new ResourceSchema(type, fields, oneRequired, List.of(addresses), kafkaRelease);
    }

    public ResourceSchema withKafkaRelease(String field) {
        return new ResourceSchema(type, fields, oneRequired, fixedAddresses, field);
    }

    /** Nodes whose files live in a directory of their own (they declare a {@link FieldType#NODE_PATH} field), where their write_files are confined. */
    boolean hasNodeDirectory() {
        return fields.stream().anyMatch(f -> f.type() == FieldType.NODE_PATH);
    }

    Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
