package io.continuum.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects figures, prints each with how it was obtained, and writes them all as JSON. */
final class Results {

    private final Map<String, Object> figures = new LinkedHashMap<>();

    void put(String name, Object value, String how) {
        figures.put(name, value);
        System.out.printf("  %-52s %s%n      (%s)%n", name, value, how);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), figures);
        System.out.println("\nresults written to " + file);
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    static double ratio(double a, double b) {
        return Math.round(a / b * 100) / 100.0;
    }

    /** The middle sample (the upper one of an even count); the benches take odd counts. */
    static double median(List<Double> samples) {
        List<Double> sorted = samples.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Resets the heap pools' peak usage, so that {@link #peakHeapMb()} measures what follows. */
    static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }
}
