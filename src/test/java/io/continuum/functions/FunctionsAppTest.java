package io.continuum.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.Funq;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** functions/ is the Azure Functions app: a function.json for every function, and none for a function that does not exist. */
class FunctionsAppTest {

    static final Path APP = Path.of("functions");
    final ObjectMapper json = new ObjectMapper();

    static List<String> httpFunctions() {
        return Arrays.stream(InfraFunctions.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Funq.class)).map(Method::getName).sorted().toList();
    }

    @Test
    void everyFunctionHasAFunctionJsonAndEveryFunctionJsonAFunction() throws IOException {
        Set<String> folders;
        try (Stream<Path> s = Files.list(APP)) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("function.json")))
                    .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = new TreeSet<>(httpFunctions());
        expected.addAll(InvocationRoutes.TIMERS);
        expected.add(ApiRoutes.CONSOLE);
        assertEquals(expected, folders);
    }

    /** The console's static files need no key (the browser asks for it); its API calls need theirs. */
    @Test
    void theConsoleIsServedAnonymouslyUnderApiConsole() throws IOException {
        JsonNode trigger = json.readTree(APP.resolve(ApiRoutes.CONSOLE).resolve("function.json").toFile()).path("bindings").get(0);
        assertEquals("httpTrigger", trigger.path("type").asText());
        assertEquals("anonymous", trigger.path("authLevel").asText());
        assertEquals("[\"get\"]", trigger.path("methods").toString());
        assertEquals(ApiRoutes.CONSOLE + "/{*file}", trigger.path("route").asText());
    }

    @Test
    void httpFunctionsAreRoutedUnderApiWithFunctionOrAdminAuth() throws IOException {
        for (String fn : httpFunctions()) {
            JsonNode trigger = json.readTree(APP.resolve(fn).resolve("function.json").toFile()).path("bindings").get(0);
            assertEquals("httpTrigger", trigger.path("type").asText(), fn);
            assertEquals(fn, trigger.path("route").asText(), fn);
            assertEquals(fn.equals("destroy") ? "admin" : "function", trigger.path("authLevel").asText(), fn);
        }
        JsonNode host = json.readTree(APP.resolve("host.json").toFile());
        assertEquals("api", host.path("extensions").path("http").path("routePrefix").asText());
        assertTrue(host.path("customHandler").path("enableForwardingHttpRequest").asBoolean());
        assertEquals("continuum", host.path("customHandler").path("description").path("defaultExecutablePath").asText());
    }

    @Test
    void timersTakeTheirScheduleFromAppSettingsThatTheExampleLists() throws IOException {
        JsonNode settings = json.readTree(APP.resolve("local.settings.json.example").toFile()).path("Values");
        for (String fn : InvocationRoutes.TIMERS) {
            JsonNode trigger = json.readTree(APP.resolve(fn).resolve("function.json").toFile()).path("bindings").get(0);
            assertEquals("timerTrigger", trigger.path("type").asText(), fn);
            String schedule = trigger.path("schedule").asText();
            assertTrue(schedule.matches("%[A-Z_]+%"), fn + " schedule " + schedule);
            assertTrue(settings.has(schedule.replace("%", "")), "local.settings.json.example lists " + schedule);
        }
    }
}
