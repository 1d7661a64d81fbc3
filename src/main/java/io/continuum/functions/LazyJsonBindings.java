package io.continuum.functions;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Funqy makes a reader and a writer for every function's types at start. Jackson builds each
 * one's (de)serializer there and then unless told otherwise: a tenth of a second of every cold
 * start for twenty functions, most of which an instance never serves. Built at first use instead.
 */
@Singleton
public class LazyJsonBindings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.EAGER_DESERIALIZER_FETCH);
        mapper.disable(SerializationFeature.EAGER_SERIALIZER_FETCH);
    }
}
