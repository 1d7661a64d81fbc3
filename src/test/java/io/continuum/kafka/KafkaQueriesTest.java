package io.continuum.kafka;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a failed Admin call reports to the operator (maintain's progress, health, status). */
class KafkaQueriesTest {

    @Test
    void aWaitThatRanOutSaysSoInsteadOfNull() {
        // Seen in a network partition: maintain reported "cluster not in shape yet: Kafka at …: null".
        assertEquals("no answer within 10000 ms", KafkaQueries.reason(new TimeoutException(), 10_000));
    }

    @Test
    void aFailureKeepsItsOwnMessageOrNamesItsKind() {
        assertEquals("Timed out waiting for a node assignment",
                KafkaQueries.reason(new org.apache.kafka.common.errors.TimeoutException(
                        "Timed out waiting for a node assignment"), 10_000));
        assertEquals("IllegalStateException", KafkaQueries.reason(new IllegalStateException(), 10_000));
    }
}
