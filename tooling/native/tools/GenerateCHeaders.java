import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.graalvm.nativeimage.c.CContext;
import org.graalvm.nativeimage.c.constant.CConstant;
import org.graalvm.nativeimage.c.struct.CField;
import org.graalvm.nativeimage.c.struct.CStruct;
import org.graalvm.word.PointerBase;
import org.graalvm.word.WordBase;

/**
 * Writes the builder's own C headers ({@code include/*.h} of its C helper library), which only
 * GraalVM distributions ship. The builder compiles small query programs against them to learn
 * struct layouts and constant values, so each header is generated from the builder's declarations:
 * every {@code @CStruct} with its {@code @CField}s and every {@code @CConstant} in a class whose
 * {@code @CContext} directives name that header.
 *
 * <p>Usage (builder jars on the class path): {@code java GenerateCHeaders.java <out-dir> <jar>...}
 */
public class GenerateCHeaders {

    private static final Pattern PROJECT_HEADER = Pattern.compile("include/[A-Za-z0-9_]+\\.h");
    private static final byte[] CCONTEXT = "Lorg/graalvm/nativeimage/c/CContext;".getBytes(StandardCharsets.UTF_8);

    /** One header's declarations, in a stable order. */
    record Header(Map<String, List<String>> structs, TreeSet<String> constants) {
        Header() {
            this(new TreeMap<>(), new TreeSet<>());
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Map<String, Header> headers = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            for (String className : classesWithCContext(Path.of(args[i]))) {
                Class<?> type = Class.forName(className, false, GenerateCHeaders.class.getClassLoader());
                CContext context = type.getAnnotation(CContext.class);
                if (context == null) {
                    continue; // mentions CContext without being annotated with it
                }
                for (String file : projectHeaders(context.value())) {
                    collect(type, headers.computeIfAbsent(file, f -> new Header()));
                }
            }
        }
        if (headers.isEmpty()) {
            throw new IllegalStateException("no @CContext naming an include/*.h header was found");
        }
        for (Map.Entry<String, Header> entry : headers.entrySet()) {
            Path file = out.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, render(entry.getKey(), entry.getValue()));
            System.out.println(file);
        }
    }

    /** Names of the classes in a jar whose class file mentions the CContext annotation. */
    private static List<String> classesWithCContext(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.equals("module-info.class")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    if (contains(in.readAllBytes(), CCONTEXT)) {
                        names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        return names;
    }

    /** The include/*.h files a directives class names, read from its constant pool. */
    private static List<String> projectHeaders(Class<?> directives) throws IOException {
        String resource = directives.getName().replace('.', '/') + ".class";
        try (InputStream in = directives.getClassLoader().getResourceAsStream(resource)) {
            Matcher matcher = PROJECT_HEADER.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            List<String> files = new ArrayList<>();
            while (matcher.find()) {
                files.add(matcher.group());
            }
            return files;
        }
    }

    private static void collect(Class<?> type, Header header) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isAnnotationPresent(CConstant.class)) {
                CConstant constant = method.getAnnotation(CConstant.class);
                header.constants().add(constant.value().isEmpty() ? method.getName() : constant.value());
            }
        }
        CStruct struct = type.getAnnotation(CStruct.class);
        if (struct != null) {
            if (struct.addStructKeyword() || struct.isIncomplete()) {
                throw new IllegalStateException(type + ": struct keyword / incomplete structs are not supported");
            }
            String name = struct.value().isEmpty() ? type.getSimpleName() : struct.value();
            header.structs().put(name, fields(type));
        }
        for (Class<?> inner : type.getDeclaredClasses()) {
            collect(inner, header);
        }
    }

    private static List<String> fields(Class<?> struct) {
        Map<String, String> fields = new TreeMap<>();
        for (Method method : struct.getDeclaredMethods()) {
            CField field = method.getAnnotation(CField.class);
            if (field == null || !Modifier.isAbstract(method.getModifiers())) {
                continue;
            }
            // A getter returns the field's type; a setter takes it.
            Class<?> javaType = method.getParameterCount() == 0 ? method.getReturnType() : method.getParameterTypes()[0];
            String name = field.value().isEmpty() ? method.getName() : field.value();
            fields.put(name, cType(javaType, struct, name));
        }
        return fields.entrySet().stream().map(e -> e.getValue() + " " + e.getKey() + ";").toList();
    }

    private static String cType(Class<?> javaType, Class<?> struct, String field) {
        if (javaType == boolean.class || javaType == byte.class) {
            return "char";
        } else if (javaType == short.class) {
            return "short";
        } else if (javaType == char.class) {
            return "unsigned short";
        } else if (javaType == int.class) {
            return "int";
        } else if (javaType == long.class) {
            return "long long";
        } else if (javaType == float.class) {
            return "float";
        } else if (javaType == double.class) {
            return "double";
        } else if (PointerBase.class.isAssignableFrom(javaType)) {
            return "void *";
        } else if (WordBase.class.isAssignableFrom(javaType)) {
            return "unsigned long";
        }
        throw new IllegalStateException(struct.getName() + "." + field + ": no C type for " + javaType);
    }

    private static String render(String file, Header header) {
        String guard = "GENERATED_" + file.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
        StringBuilder c = new StringBuilder();
        c.append("/* Generated by tooling/native/tools/GenerateCHeaders.java from the builder's declarations. */\n");
        c.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n");
        // Constant values and field order only matter to the C library that a distribution links
        // in, which is never linked here; distinct values keep the builder's comparisons apart.
        int value = 0;
        for (String constant : header.constants()) {
            c.append("#define ").append(constant).append(' ').append(value++).append('\n');
        }
        for (Map.Entry<String, List<String>> struct : header.structs().entrySet()) {
            c.append("\ntypedef struct {\n");
            struct.getValue().forEach(field -> c.append("    ").append(field).append('\n'));
            c.append("} ").append(struct.getKey()).append(";\n");
        }
        return c.append("\n#endif\n").toString();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
