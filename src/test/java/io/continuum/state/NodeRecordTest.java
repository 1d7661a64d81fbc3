package io.continuum.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.continuum.cloud.Addresses;
import io.continuum.cloud.ResourceRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A node instance's row: what each change keeps and resets, and the JSON it is stored as (file and table stores alike). */
class NodeRecordTest {

    /** Configured as Quarkus configures the service's ObjectMapper (ISO-8601 instants, unknown properties ignored). */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant T1 = Instant.parse("2026-01-02T03:05:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T03:06:00Z");
    private static final ResourceRef REF = new ResourceRef("nova", "kh-1-kafka-0", "srv-1", Map.of("infra", "kh-1"));
    private static final ResourceRef OTHER = new ResourceRef("nova", "kh-1-kafka-0", "srv-2", Map.of("infra", "kh-1"));
    private static final Addresses AT = new Addresses("203.0.113.7", "10.0.0.7");

    /** Every component set, none equal to another of its type. */
    private static final NodeRecord FULL = new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.BOOTING, 2, 1,
            REF, AT, T0, T1, T1, "port 9092 closed", T2, "digest-1");

    /** Written by the record before its copies were built with {@code with}: rows already stored must read back. */
    private static final String STORED = "{\"nodeId\":\"kafka-3\",\"nodeName\":\"kafka\",\"index\":3,\"level\":1,"
            + "\"resourceType\":\"nova\",\"phase\":\"BOOTING\",\"generation\":2,\"attempts\":1,"
            + "\"resource\":{\"type\":\"nova\",\"name\":\"kh-1-kafka-0\",\"cloudId\":\"srv-1\",\"tags\":{\"infra\":\"kh-1\"}},"
            + "\"addresses\":{\"publicAddress\":\"203.0.113.7\",\"privateAddress\":\"10.0.0.7\"},"
            + "\"createdAt\":\"2026-01-02T03:04:05Z\",\"since\":\"2026-01-02T03:05:00Z\","
            + "\"unhealthySince\":\"2026-01-02T03:05:00Z\",\"detail\":\"port 9092 closed\","
            + "\"laggingSince\":\"2026-01-02T03:06:00Z\",\"renderedWith\":\"digest-1\"}";

    @Test
    void aNodeIsStoredAsTheSameJsonAsBeforeAndReadsBack() throws Exception {
        assertEquals(STORED, JSON.writeValueAsString(FULL));
        assertEquals(FULL, JSON.readValue(STORED, NodeRecord.class));
    }

    @Test
    void aNewNodeIsCreatingOnItsFirstAttempt() {
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.CREATING, 1, 1, null, Addresses.NONE,
                T0, T0, null, "creating", null, null), NodeRecord.creating("kafka-3", "kafka", 3, 1, "nova", T0));
    }

    @Test
    void becomingReadyResetsTheAttemptsAndTheUnhealthyMarkButKeepsTheLagMark() {
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.READY, 2, 0, REF, AT, T0, T2, null,
                "healthy", T2, "digest-1"), FULL.withPhase(NodePhase.READY, "healthy", T2));
    }

    @Test
    void anotherPhaseClearsTheLagMarkAndStaysInTheSamePhaseSinceItBegan() {
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.FAILED, 2, 1, REF, AT, T0, T2, T1,
                "gone", null, "digest-1"), FULL.withPhase(NodePhase.FAILED, "gone", T2));
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.BOOTING, 2, 1, REF, AT, T0, T1, T1,
                "still closed", null, "digest-1"), FULL.withPhase(NodePhase.BOOTING, "still closed", T2));
    }

    @Test
    void eachSingleChangeTouchesOnlyItsOwnComponents() {
        Addresses moved = new Addresses("203.0.113.8", null);
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.BOOTING, 2, 1, OTHER, moved, T0, T1,
                T1, "port 9092 closed", T2, "digest-1"), FULL.withResource(OTHER, moved));
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.BOOTING, 2, 1, REF, AT, T0, T1, T2,
                "timeout", T2, "digest-1"), FULL.withUnhealthySince(T2, "timeout"));
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.BOOTING, 2, 4, REF, AT, T0, T1, T1,
                "port 9092 closed", T2, "digest-1"), FULL.withAttempts(4));
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.BOOTING, 2, 1, REF, AT, T0, T1, T1,
                "port 9092 closed", null, "digest-1"), FULL.withLaggingSince(null));
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.BOOTING, 2, 1, REF, AT, T0, T1, T1,
                "port 9092 closed", T2, "digest-2"), FULL.withRenderedWith("digest-2"));
    }

    @Test
    void aRecreatedNodeKeepsItsIdentityAndItsPreviousResourceUntilThatIsGone() {
        NodeRecord recreating = FULL.recreating(REF, T2);
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "nova", NodePhase.CREATING, 3, 2, REF, Addresses.NONE,
                T0, T2, null, "re-creating", null, null), recreating);
        assertEquals(new NodeRecord("kafka-3", "kafka", 3, 1, "azure_vm", NodePhase.CREATING, 3, 2, null,
                Addresses.NONE, T0, T2, null, "re-creating", null, null), recreating.freshOn("azure_vm"));
    }
}
