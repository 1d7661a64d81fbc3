package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Azure Functions app folder ({@code functions/}) as the host reads it: {@code host.json}'s
 * {@code functionTimeout} and route prefix, each function's trigger from its {@code function.json},
 * and the app settings of {@code local.settings.json.example}.
 */
record FunctionsApp(Duration functionTimeout, String routePrefix, Map<String, Timer> timers, List<String> httpFunctions,
                    Map<String, String> settings) {

    static final Path FOLDER = Path.of("functions");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A timer trigger: its binding name (the key of {@code Data}) and its schedule, a {@code %SETTING%} or an expression. */
    record Timer(String name, String binding, String schedule) {

        /** The schedule's NCRONTAB expression, a {@code %SETTING%} resolved from the app settings. */
        String expression(Map<String, String> settings) {
            if (schedule.startsWith("%") && schedule.endsWith("%")) {
                String key = schedule.substring(1, schedule.length() - 1);
                String value = settings.get(key);
                if (value == null) {
                    throw new IllegalStateException("timer " + name + " names app setting " + key + ", which is not set");
                }
                return value;
            }
            return schedule;
        }
    }

    static FunctionsApp read() {
        return read(FOLDER);
    }

    static FunctionsApp read(Path folder) {
        JsonNode host = tree(folder.resolve("host.json"));
        Map<String, Timer> timers = new TreeMap<>();
        List<String> http;
        try (Stream<Path> dirs = Files.list(folder)) {
            List<Path> functions = dirs.filter(d -> Files.isRegularFile(d.resolve("function.json"))).sorted().toList();
            http = new java.util.ArrayList<>();
            for (Path dir : functions) {
                String name = dir.getFileName().toString();
                JsonNode in = inputBinding(tree(dir.resolve("function.json")), dir);
                switch (in.path("type").asText()) {
                    case "timerTrigger" -> timers.put(name, new Timer(name, in.path("name").asText(), in.path("schedule").asText()));
                    case "httpTrigger" -> http.add(name);
                    default -> throw new IllegalStateException(dir + ": trigger " + in.path("type") + " is not emulated");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FunctionsApp(timeSpan(host.path("functionTimeout").asText("00:05:00")),
                host.path("extensions").path("http").path("routePrefix").asText("api"), timers, List.copyOf(http),
                settings(folder.resolve("local.settings.json.example")));
    }

    /**
     * The example's values, without its placeholders ({@code <...>}) and empty ones, which a real app
     * would have replaced or left unset.
     */
    private static Map<String, String> settings(Path example) {
        Map<String, String> out = new LinkedHashMap<>();
        tree(example).path("Values").fields().forEachRemaining(e -> {
            String v = e.getValue().asText();
            if (!v.isEmpty() && !v.startsWith("<")) {
                out.put(e.getKey(), v);
            }
        });
        return out;
    }

    private static JsonNode inputBinding(JsonNode function, Path dir) {
        for (JsonNode b : function.path("bindings")) {
            if ("in".equals(b.path("direction").asText()) && b.path("type").asText().endsWith("Trigger")) {
                return b;
            }
        }
        throw new IllegalStateException(dir + "/function.json has no trigger binding");
    }

    /** host.json's {@code hh:mm:ss} time span. */
    static Duration timeSpan(String hms) {
        String[] p = hms.split(":");
        if (p.length != 3) {
            throw new IllegalArgumentException("not a hh:mm:ss time span: " + hms);
        }
        return Duration.ofHours(Long.parseLong(p[0])).plusMinutes(Long.parseLong(p[1]))
                .plusMillis(Math.round(Double.parseDouble(p[2]) * 1000));
    }

    private static JsonNode tree(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
