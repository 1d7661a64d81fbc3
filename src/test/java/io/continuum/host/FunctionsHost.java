package io.continuum.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuum.e2e.FreePorts;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An emulator of the Azure Functions host running Continuum as a custom handler: K instances of
 * the packaged app as child processes, HTTP requests forwarded as they are
 * ({@code enableForwardingHttpRequest}) to a random live instance, the timer triggers of
 * {@code functions/} delivered as the host posts them ({@code POST /<timerName>} with
 * {@code {"Data","Metadata"}}) to one instance per tick (several in stress mode), host.json's
 * {@code functionTimeout} enforced by recycling the instance (SIGKILL, a fresh one on a new port),
 * and optional chaos (an instance SIGKILLed every so often, restarted a while later).
 * Every invocation is recorded; {@link #report()} sums them up.
 */
public final class FunctionsHost implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds of every loop the host runs, besides its lifetime. */
    private static final int MAX_TICKS = 100_000;
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration NO_INSTANCE_WAIT = Duration.ofSeconds(120);
    /** An HTTP trigger must answer within 230 s whatever functionTimeout says (Azure's load balancer). */
    private static final Duration HTTP_LIMIT = Duration.ofSeconds(230);

    private final Builder config;
    private final FunctionsApp app;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Slot> slots = new ArrayList<>();
    private final int portBase = FreePorts.block(64);
    private final AtomicInteger nextPort = new AtomicInteger();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "functions-host");
        t.setDaemon(true);
        return t;
    });
    private final Thread shutdownHook = new Thread(this::closeQuietly, "functions-host-shutdown");
    private final Instant endOfLife;
    private HttpServer frontDoor;
    private volatile boolean closed;

    /** One instance position; its worker changes when it is recycled or restarted. */
    private static final class Slot {
        final int index;
        int generation;
        volatile HostInstance current;

        Slot(int index) {
            this.index = index;
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** What the host runs; app settings default to {@code functions/local.settings.json.example}'s. */
    public static final class Builder {
        private final String name;
        private final FunctionsApp app = FunctionsApp.read();
        private final Map<String, String> settings = new LinkedHashMap<>(app.settings());
        private final Map<String, Duration> periods = new TreeMap<>();
        private int instances = 1;
        private double compression = 1;
        private Duration functionTimeout = app.functionTimeout();
        private Duration killEvery;
        private Duration restartAfter;
        private int timerFanOut = 1;
        private Duration lifetime = Duration.ofMinutes(20);
        private Path logDir;
        private boolean frontDoor;

        private Builder(String name) {
            this.name = name;
            this.logDir = Path.of("target", "functions-host", name);
        }

        public Builder instances(int k) {
            this.instances = k;
            return this;
        }

        /** An app setting; each reaches the instances as an environment variable, as in Azure. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** Timer schedules run this many times faster than their NCRONTAB says. */
        public Builder compress(double factor) {
            this.compression = factor;
            return this;
        }

        /** A timer's period, whatever its schedule; {@link Duration#ZERO} turns it off. */
        public Builder period(String timer, Duration period) {
            if (!app.timers().containsKey(timer)) {
                throw new IllegalArgumentException("no timer function " + timer + " in " + FunctionsApp.FOLDER
                        + ": " + app.timers().keySet());
            }
            periods.put(timer, period);
            return this;
        }

        public Builder functionTimeout(Duration timeout) {
            this.functionTimeout = timeout;
            return this;
        }

        /** Chaos: a random instance SIGKILLed every {@code every}, restarted {@code restartAfter} later. */
        public Builder chaos(Duration every, Duration restartAfter) {
            this.killEvery = every;
            this.restartAfter = restartAfter;
            return this;
        }

        /** Stress: each timer tick is delivered to this many instances at once (Azure's singleton gives 1). */
        public Builder timerFanOut(int instancesPerTick) {
            this.timerFanOut = instancesPerTick;
            return this;
        }

        /**
         * The host's public HTTP endpoint on 127.0.0.1 ({@link #frontDoor()}), through which the app can
         * call its own functions (the maintain timer's fan-out); its URL of {@code maintain} is given to
         * the instances as {@code CONTINUUM_FAN_OUT_MAINTAIN_URL}.
         */
        public Builder frontDoor() {
            this.frontDoor = true;
            return this;
        }

        /** After this, timers and chaos stop (the instances keep serving until close). */
        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        public FunctionsHost start() throws IOException, InterruptedException {
            return new FunctionsHost(this);
        }
    }

    private FunctionsHost(Builder config) throws IOException, InterruptedException {
        this.config = config;
        this.app = config.app;
        this.endOfLife = Instant.now().plus(config.lifetime);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            clearLogs(config.logDir);
            if (config.frontDoor) {
                openFrontDoor();
            }
            for (int i = 0; i < config.instances; i++) {
                Slot slot = new Slot(i);
                slots.add(slot);
                launch(slot);
            }
            for (FunctionsApp.Timer timer : app.timers().values()) {
                Duration period = period(timer);
                event("timer " + timer.name() + " every " + period.toMillis() + " ms");
                if (!period.isZero()) {
                    threads.submit(() -> runTimer(timer, period));
                }
            }
            if (config.killEvery != null) {
                threads.submit(this::runChaos);
            }
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    private Duration period(FunctionsApp.Timer timer) {
        Duration fixed = config.periods.get(timer.name());
        if (fixed != null) {
            return fixed;
        }
        Duration schedule = Ncrontab.period(timer.expression(config.settings));
        return Duration.ofMillis(Math.max(1, Math.round(schedule.toMillis() / config.compression)));
    }

    // ---------------------------------------------------------------- front door (HTTP functions)

    /** Posts {@code /api/<function>} to a random live instance, as the host forwards an HTTP request. */
    public Answer call(String function, Object body) {
        String json = body instanceof String s ? s : write(body);
        String path = "/" + app.routePrefix() + "/" + function;
        Duration timeout = config.functionTimeout.compareTo(HTTP_LIMIT) < 0 ? config.functionTimeout : HTTP_LIMIT;
        Set<HostInstance> refused = new HashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            HostInstance instance = pickLive(refused);
            if (instance == null) {
                break;
            }
            Delivery d = deliver(instance, function, Invocation.Kind.HTTP, path, json, timeout);
            switch (d.invocation == null ? Invocation.Outcome.LOST : d.invocation.outcome()) {
                case ANSWERED, BAD_REPLY -> {
                    return new Answer(d.invocation.status(), d.body, false);
                }
                case TIMED_OUT -> {
                    return new Answer(504, "the function ran past functionTimeout " + timeout, true);
                }
                case LOST -> {
                    if (d.invocation != null) {
                        return new Answer(502, "the instance died during the request", true);
                    }
                    refused.add(instance); // never reached it: the host picks another
                }
            }
        }
        return new Answer(503, "no live instance", true);
    }

    /** The front door's base URL, e.g. {@code http://127.0.0.1:21000/api}. */
    public String frontDoorUrl() {
        return "http://127.0.0.1:" + frontDoor.getAddress().getPort() + "/" + app.routePrefix();
    }

    private void openFrontDoor() throws IOException {
        frontDoor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.block(1)), 64);
        frontDoor.setExecutor(threads);
        frontDoor.createContext("/" + app.routePrefix() + "/", exchange -> {
            try (exchange) {
                String function = exchange.getRequestURI().getPath().substring(app.routePrefix().length() + 2);
                Answer a = call(function, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] out = (a.body() == null ? "" : a.body()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    exchange.getResponseBody().write(out);
                }
            }
        });
        frontDoor.start();
        config.settings.put("CONTINUUM_FAN_OUT_MAINTAIN_URL", frontDoorUrl() + "/maintain");
        event("front door at " + frontDoorUrl());
    }

    /** A GET of {@code path} (e.g. {@code /q/health/ready}) on a random live instance; its status. */
    public int get(String path) throws IOException, InterruptedException {
        HostInstance instance = pickLive(new HashSet<>());
        if (instance == null) {
            return 503;
        }
        return http.send(HttpRequest.newBuilder(instance.uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // ---------------------------------------------------------------- timers

    /** Delivers one tick of a timer now, to one live instance, as the host would; answers what it replied. */
    public Answer tickNow(String timerName) {
        FunctionsApp.Timer timer = app.timers().get(timerName);
        if (timer == null) {
            throw new IllegalArgumentException("no timer function " + timerName + ": " + app.timers().keySet());
        }
        Instant now = Instant.now();
        HostInstance instance = pickLive(new HashSet<>());
        if (instance == null) {
            return new Answer(503, "no live instance", true);
        }
        Delivery d = deliver(instance, timer.name(), Invocation.Kind.TIMER, "/" + timer.name(),
                tickBody(timer, now, now.plus(period(timer)), false), config.functionTimeout);
        return d.invocation == null || d.invocation.status() == 0
                ? new Answer(502, "the tick was not answered", true) : new Answer(d.invocation.status(), d.body, false);
    }

    private void runTimer(FunctionsApp.Timer timer, Duration period) {
        Instant last = null;
        Instant scheduled = Instant.now().plus(period);
        for (int tick = 0; tick < MAX_TICKS && !closed; tick++) {
            boolean late = Instant.now().isAfter(scheduled);
            if (!late && !sleepUntil(scheduled)) {
                return;
            }
            Instant next = scheduled.plus(period);
            tick(timer, last, next, late);
            last = scheduled;
            // Missed occurrences collapse into one, delivered at once as past due (the host's behaviour).
            Instant now = Instant.now();
            scheduled = next;
            while (!scheduled.plus(period).isAfter(now)) {
                scheduled = scheduled.plus(period);
            }
        }
    }

    private void tick(FunctionsApp.Timer timer, Instant last, Instant next, boolean pastDue) {
        String json = tickBody(timer, last, next, pastDue);
        List<HostInstance> targets = new ArrayList<>();
        Set<HostInstance> exclude = new HashSet<>();
        for (int i = 0; i < config.timerFanOut; i++) {
            HostInstance instance = i == 0 ? pickLive(exclude) : pickLiveNow(exclude);
            if (instance == null) {
                break;
            }
            targets.add(instance);
            exclude.add(instance);
        }
        if (targets.size() == 1) {
            deliverTimer(targets.get(0), timer.name(), json);
            return;
        }
        List<Future<?>> running = new ArrayList<>();
        for (HostInstance instance : targets) {
            running.add(threads.submit(() -> deliverTimer(instance, timer.name(), json)));
        }
        for (Future<?> f : running) {
            try {
                f.get(config.functionTimeout.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                event("timer " + timer.name() + " delivery did not end: " + e);
            }
        }
    }

    /** The custom-handler payload of a timer tick: {@code {"Data": {<binding>: TimerInfo}, "Metadata": {"sys": ...}}}. */
    private static String tickBody(FunctionsApp.Timer timer, Instant last, Instant next, boolean pastDue) {
        Instant now = Instant.now();
        ObjectNode body = JSON.createObjectNode();
        ObjectNode t = body.putObject("Data").putObject(timer.binding());
        t.putObject("Schedule").put("AdjustForDST", true);
        ObjectNode status = t.putObject("ScheduleStatus");
        status.put("Last", (last == null ? now : last).toString());
        status.put("Next", next.toString());
        status.put("LastUpdated", now.toString());
        t.put("IsPastDue", pastDue);
        ObjectNode sys = body.putObject("Metadata").putObject("sys");
        sys.put("MethodName", timer.name());
        sys.put("UtcNow", now.toString());
        sys.put("RandGuid", UUID.randomUUID().toString());
        return body.toString();
    }

    /** A timer tick the instance never received is retried on another one (bounded), as the host would. */
    private void deliverTimer(HostInstance first, String timer, String json) {
        Set<HostInstance> refused = new HashSet<>();
        HostInstance instance = first;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && instance != null && !closed; attempt++) {
            if (deliver(instance, timer, Invocation.Kind.TIMER, "/" + timer, json, config.functionTimeout).invocation != null) {
                return;
            }
            refused.add(instance);
            instance = pickLiveNow(refused);
        }
    }

    // ---------------------------------------------------------------- delivery

    /** @param invocation null when the instance was never reached (connection refused) */
    private record Delivery(Invocation invocation, String body) {
    }

    private Delivery deliver(HostInstance instance, String function, Invocation.Kind kind, String path, String json,
                             Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(instance.uri(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            Invocation.Outcome outcome = kind == Invocation.Kind.TIMER && !customHandlerReply(r.body())
                    ? Invocation.Outcome.BAD_REPLY : Invocation.Outcome.ANSWERED;
            Invocation inv = record(function, instance, kind, start, t0, r.statusCode(), outcome);
            if (inv.serverError() || outcome == Invocation.Outcome.BAD_REPLY) {
                event(inv + ": " + abbreviate(r.body()));
            }
            return new Delivery(inv, r.body());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Delivery(null, null);
        } catch (HttpTimeoutException e) {
            Invocation inv = record(function, instance, kind, start, t0, 0, Invocation.Outcome.TIMED_OUT);
            event(inv + ": past functionTimeout " + timeout + ", recycling the instance");
            recycle(instance);
            return new Delivery(inv, null);
        } catch (IOException e) {
            if (closed || diedWithin(instance, Duration.ofSeconds(2))) {
                return new Delivery(record(function, instance, kind, start, t0, 0, Invocation.Outcome.LOST), null);
            }
            // The instance lives but the exchange failed before an answer: the host never delivered it.
            event(function + " to " + instance + " failed: " + e);
            return new Delivery(null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(record(function, instance, kind, start, t0, 0, Invocation.Outcome.LOST), null);
        }
    }

    private static boolean diedWithin(HostInstance instance, Duration grace) {
        try {
            return instance.diedWithin(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !instance.alive();
        }
    }

    private Invocation record(String function, HostInstance instance, Invocation.Kind kind, Instant start, long t0,
                              int status, Invocation.Outcome outcome) {
        Invocation inv = new Invocation(function, instance.name(), kind, start,
                Duration.ofNanos(System.nanoTime() - t0), status, outcome);
        invocations.add(inv);
        return inv;
    }

    /** The custom-handler answer shape: {@code {"Outputs": {...}, "Logs": [...], "ReturnValue": ...}}. */
    private static boolean customHandlerReply(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.path("Outputs").isObject() && n.path("Logs").isArray() && n.has("ReturnValue");
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- instances

    private HostInstance pickLiveNow(Set<HostInstance> exclude) {
        List<HostInstance> live = slots.stream().map(s -> s.current)
                .filter(i -> i != null && i.alive() && !exclude.contains(i)).toList();
        return live.isEmpty() ? null : live.get(ThreadLocalRandom.current().nextInt(live.size()));
    }

    /** A random live instance not excluded, waiting (bounded) while all are dead or restarting. */
    private HostInstance pickLive(Set<HostInstance> exclude) {
        long deadline = System.nanoTime() + NO_INSTANCE_WAIT.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            HostInstance i = pickLiveNow(exclude);
            if (i != null) {
                return i;
            }
            if (!sleep(Duration.ofMillis(100))) {
                return null;
            }
        }
        return null;
    }

    private void launch(Slot slot) throws IOException, InterruptedException {
        String name;
        synchronized (slot) {
            name = "instance-" + slot.index + "-" + slot.generation++;
        }
        HostInstance instance = HostInstance.start(name, freePort(), config.settings, config.logDir, http, READY_TIMEOUT);
        started.incrementAndGet();
        slot.current = instance;
        event("started " + instance);
        if (closed) {
            instance.kill();
        }
    }

    /** A port of this host's block that no live instance listens on, round robin so a dead one's port rests. */
    private int freePort() {
        Set<Integer> used = slots.stream().map(s -> s.current).filter(i -> i != null && i.alive())
                .map(HostInstance::port).collect(Collectors.toSet());
        for (int i = 0; i < 64; i++) {
            int port = portBase + Math.floorMod(nextPort.getAndIncrement(), 64);
            if (!used.contains(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port left in the host's block " + portBase);
    }

    private Slot slotOf(HostInstance instance) {
        return slots.stream().filter(s -> s.current == instance).findFirst().orElse(null);
    }

    /** The host recycles an instance that ran past functionTimeout: SIGKILL, then a fresh one. */
    private void recycle(HostInstance instance) {
        Slot slot = slotOf(instance);
        killInstance(instance, "timed out");
        if (slot != null) {
            slot.current = null;
            threads.submit(() -> relaunch(slot));
        }
    }

    private void relaunch(Slot slot) {
        for (int attempt = 0; attempt < 3 && !closed; attempt++) {
            try {
                launch(slot);
                return;
            } catch (IOException | RuntimeException | AssertionError e) {
                event("restart of slot " + slot.index + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void killInstance(HostInstance instance, String why) {
        try {
            instance.kill();
            event("SIGKILLed " + instance + " (" + why + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILLs a random live instance; {@link #restartDead()} brings it back. Returns its name. */
    public String killOne() {
        HostInstance victim = pickLiveNow(Set.of());
        if (victim == null) {
            throw new IllegalStateException("no live instance to kill");
        }
        Slot slot = slotOf(victim);
        if (slot != null) {
            slot.current = null;
        }
        killInstance(victim, "killed");
        kills.incrementAndGet();
        return victim.name();
    }

    /** Starts a fresh instance, on a new port, in every slot whose instance is dead; waits until they are live. */
    public void restartDead() throws IOException, InterruptedException {
        for (Slot slot : slots) {
            HostInstance i = slot.current;
            if (i == null || !i.alive()) {
                launch(slot);
            }
        }
    }

    public int liveInstances() {
        return (int) slots.stream().map(s -> s.current).filter(i -> i != null && i.alive()).count();
    }

    private void runChaos() {
        for (int round = 0; round < MAX_TICKS && !closed; round++) {
            if (!sleepUntil(Instant.now().plus(config.killEvery))) {
                return;
            }
            List<Slot> live = slots.stream().filter(s -> s.current != null && s.current.alive()).toList();
            if (live.size() < 2) {
                continue; // the host keeps one worker serving; chaos waits for the restarts
            }
            Slot slot = live.get(ThreadLocalRandom.current().nextInt(live.size()));
            HostInstance victim = slot.current;
            if (victim == null) {
                continue;
            }
            slot.current = null;
            killInstance(victim, "chaos");
            kills.incrementAndGet();
            threads.submit(() -> {
                if (sleepUntil(Instant.now().plus(config.restartAfter))) {
                    relaunch(slot);
                }
            });
        }
    }

    // ---------------------------------------------------------------- report

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    /** The host's events and the end of each live instance's output, for failure messages. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder("host events:\n");
        List<String> all = events();
        all.subList(Math.max(0, all.size() - 40), all.size()).forEach(e -> out.append("  ").append(e).append('\n'));
        for (Slot slot : slots) {
            HostInstance i = slot.current;
            if (i != null) {
                out.append("output of ").append(i).append(":\n").append(i.tail()).append('\n');
            }
        }
        return out.toString();
    }

    public Report report() {
        List<Invocation> all = invocations();
        Map<String, Long> perFunction = all.stream()
                .collect(Collectors.groupingBy(Invocation::function, TreeMap::new, Collectors.counting()));
        return new Report(config.name, perFunction,
                all.stream().filter(Invocation::serverError).toList(),
                all.stream().max(Comparator.comparing(Invocation::duration)).orElse(null),
                all.stream().filter(i -> i.outcome() == Invocation.Outcome.TIMED_OUT).toList(),
                all.stream().filter(i -> i.outcome() == Invocation.Outcome.BAD_REPLY).toList(),
                all.stream().filter(i -> i.outcome() == Invocation.Outcome.LOST).count(),
                kills.get(), started.get(), config.functionTimeout);
    }

    /** What the host saw: invocations per function, 5xx answers, the longest invocation, timeouts, kills. */
    public record Report(String host, Map<String, Long> perFunction, List<Invocation> serverErrors, Invocation longest,
                         List<Invocation> timeouts, List<Invocation> badReplies, long lost, int kills, int instancesStarted,
                         Duration functionTimeout) {

        public void print() {
            System.out.printf("[measure] host %s: invocations per function %s%n", host, perFunction);
            System.out.printf("[measure] host %s: 5xx answers %d, timeouts (past %d s) %d, bad timer replies %d, "
                            + "invocations lost with a killed instance %d%n", host, serverErrors.size(),
                    functionTimeout.toSeconds(), timeouts.size(), badReplies.size(), lost);
            System.out.printf("[measure] host %s: longest invocation %s%n", host, longest);
            System.out.printf("[measure] host %s: kills survived %d, instances started %d%n", host, kills, instancesStarted);
        }
    }

    // ---------------------------------------------------------------- helpers and shutdown

    private void event(String what) {
        events.add(Instant.now() + " " + what);
    }

    private boolean sleepUntil(Instant when) {
        while (!closed && Instant.now().isBefore(when) && Instant.now().isBefore(endOfLife)) {
            if (!sleep(Duration.ofMillis(Math.min(200, Math.max(1, Duration.between(Instant.now(), when).toMillis()))))) {
                return false;
            }
        }
        return !closed && Instant.now().isBefore(endOfLife);
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Instance logs of an earlier run of the same host would read as this run's. */
    private static void clearLogs(Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try (var files = java.nio.file.Files.newDirectoryStream(dir, "instance-*.log")) {
            for (Path f : files) {
                java.nio.file.Files.delete(f);
            }
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** Prints what the host saw, then closes it. */
    public void closeWithReport() {
        report().print();
        close();
    }

    /** Stops the timers and chaos, then every instance it started, by pid. */
    @Override
    public void close() {
        closed = true;
        if (frontDoor != null) {
            frontDoor.stop(0);
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
            for (Slot slot : slots) {
                HostInstance i = slot.current;
                if (i != null) {
                    i.stop();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
    }

    private void closeQuietly() {
        if (!closed) {
            close();
        }
    }
}
