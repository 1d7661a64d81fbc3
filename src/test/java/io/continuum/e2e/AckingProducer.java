package io.continuum.e2e;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user's producer while the cluster changes under it: idempotent, {@code acks=all}, keyed records
 * {@code key-0, key-1, ...} at about 200 a second (at most 500 unanswered) on a thread of its own,
 * keeping when each was acknowledged and why the others failed. Bounded: it stops when asked or
 * at {@code end}.
 */
public final class AckingProducer {

    private final String topic;
    private final Instant end;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Instant> acked = new ConcurrentHashMap<>();
    private final Map<String, Integer> failed = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Semaphore inFlight = new Semaphore(500);
    private final Thread thread;

    /** @param settings producer settings over the defaults (e.g. shorter timeouts, to see failures during a cut) */
    public AckingProducer(String bootstrap, String topic, Instant end, Map<String, Object> settings) {
        this.topic = topic;
        this.end = end;
        Map<String, Object> p = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        p.putAll(settings);
        producer = new KafkaProducer<>(p);
        thread = new Thread(this::run, "acking-producer");
        thread.start();
    }

    private void run() {
        while (running.get() && Instant.now().isBefore(end)) {
            try {
                if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                String key = "key-" + sent.getAndIncrement();
                producer.send(new ProducerRecord<>(topic, key, "value-" + key), (meta, e) -> {
                    if (e == null) {
                        acked.put(key, Instant.now());
                    } else {
                        failed.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    }
                    inFlight.release();
                });
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // send refused at once (metadata not available within max.block.ms)
                failed.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                inFlight.release();
            }
        }
    }

    /** Stops sending and waits (bounded) for the records sent to be answered. */
    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
        producer.close(Duration.ofSeconds(60));
    }

    /** Key to when it was acknowledged. */
    public Map<String, Instant> acked() {
        return Map.copyOf(acked);
    }

    public int failedSends() {
        return failed.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Sent, acknowledged, failed by cause, acknowledged between {@code from} and {@code to}, and the longest time without an acknowledgement. */
    public String report(Instant from, Instant to) {
        List<Instant> times = acked.values().stream().sorted().toList();
        Duration longest = Duration.ZERO;
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
        long within = times.stream().filter(t -> t.isAfter(from) && t.isBefore(to)).count();
        return "sent " + sent.get() + ", acknowledged " + times.size() + ", failed " + failed + ", acknowledged during the cut "
                + within + ", longest time without an acknowledgement " + longest.toMillis() + " ms";
    }
}
