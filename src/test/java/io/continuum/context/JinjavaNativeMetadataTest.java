package io.continuum.context;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Jinjava ships no native-image metadata, yet creating a {@code Jinjava} instantiates its built-in
 * filters, tags and expression tests with {@code Class.newInstance()} and looks its built-in
 * functions up with {@code getDeclaredMethod}. The registrations live in
 * {@value #METADATA}; this test derives them from the Jinjava on the class path, so an upgrade
 * that adds a built-in fails here instead of in a native executable. To regenerate the file:
 * {@code mvn test -Dtest=JinjavaNativeMetadataTest -Dcontinuum.write-native-metadata=true}.
 */
class JinjavaNativeMetadataTest {

    static final String METADATA = "src/main/resources/META-INF/native-image/io.continuum/continuum/reflect-config.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void everyBuiltInJinjavaCreatesReflectivelyIsRegistered() throws IOException {
        String expected = JSON.writeValueAsString(registrations(new Jinjava())) + "\n";
        Path file = Path.of(METADATA);
        if (Boolean.getBoolean("continuum.write-native-metadata")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected);
        }
        assertEquals(expected, Files.exists(file) ? Files.readString(file) : "<no file>",
                METADATA + " does not match Jinjava's built-ins; regenerate it (see this test's comment)");
    }

    /** reflect-config.json entries, sorted: no-arg constructors of library classes, function methods. */
    private static List<Map<String, Object>> registrations(Jinjava jinjava) {
        Context global = jinjava.getGlobalContext();
        Map<String, List<Map<String, Object>>> methods = new TreeMap<>();
        Stream.of(global.getAllFilters(), global.getAllTags(), global.getAllExpTests())
                .flatMap(Collection::stream)
                .map(Object::getClass)
                .filter(JinjavaNativeMetadataTest::hasNoArgConstructor)
                .forEach(c -> methods.computeIfAbsent(c.getName(), k -> new ArrayList<>())
                        .add(method("<init>", List.of())));
        for (ELFunctionDefinition fn : global.getAllFunctions()) {
            Method m = fn.getMethod();
            methods.computeIfAbsent(m.getDeclaringClass().getName(), k -> new ArrayList<>())
                    .add(method(m.getName(), Arrays.stream(m.getParameterTypes()).map(Class::getTypeName).toList()));
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        methods.forEach((type, ms) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", type);
            entry.put("methods", ms.stream().distinct()
                    .sorted((a, b) -> a.toString().compareTo(b.toString())).toList());
            entries.add(entry);
        });
        return entries;
    }

    private static Map<String, Object> method(String name, List<String> parameterTypes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("parameterTypes", parameterTypes);
        return m;
    }

    private static boolean hasNoArgConstructor(Class<?> c) {
        try {
            c.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
