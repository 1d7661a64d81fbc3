package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the host answers the caller of an HTTP function: the instance's answer, or the host's own
 * when the instance gave none ({@code fromHost}: 502 it died during the request, 504 it ran past
 * functionTimeout, 503 no instance was live).
 */
public record Answer(int status, String body, boolean fromHost) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return body == null || body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
        }
    }

    @Override
    public String toString() {
        return status + (fromHost ? " (from the host)" : "") + " " + body;
    }
}
