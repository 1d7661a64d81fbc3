package io.continuum.cloud.local;

import io.continuum.cloud.local.netns.LocalNetworks;
import io.continuum.model.FieldSpec;
import io.continuum.model.ResourceSchema;

import static io.continuum.model.FieldType.INTEGER;
import static io.continuum.model.FieldType.NODE_PATH;
import static io.continuum.model.FieldType.STRING;

/** The fields of a {@code local} resource: declared once, checked by the parser, read by the local cloud. */
public final class LocalSchema {

    static final FieldSpec SERVICE = FieldSpec.required("service", STRING).oneOf("zookeeper", "kafka");
    /** By default the service's own (LocalService). */
    static final FieldSpec HEAP_MB = FieldSpec.optional("heap_mb", INTEGER);
    static final FieldSpec CONFIG = FieldSpec.optional("config", NODE_PATH);
    /** A network of its own (a Linux network namespace) instead of 127.0.0.1; refused where namespaces cannot be made. */
    static final FieldSpec NETWORK = FieldSpec.optional("network", STRING).checkedBy(LocalNetworks::refusal);
    /** The Kafka release the node runs (ZooKeeper nodes: 3.9.1 only; 4.x runs KRaft only). */
    static final FieldSpec VERSION = FieldSpec.optional("version", STRING)
            .oneOf(KafkaRuntime.SUPPORTED.toArray(String[]::new)).withDefault(KafkaRuntime.SUPPORTED.get(0));

    /** A local node without a network runs on this machine's loopback address. */
    static final String LOOPBACK = "127.0.0.1";

    public static final ResourceSchema SCHEMA = ResourceSchema.of(LocalProcessCloud.TYPE, SERVICE, HEAP_MB, CONFIG, NETWORK,
                    VERSION)
            .withFixedAddresses(LOOPBACK).withKafkaRelease(VERSION.name());

    private LocalSchema() {
    }
}
