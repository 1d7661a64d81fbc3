package nativecheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.graalvm.nativeimage.ImageSingletons;
import org.graalvm.nativeimage.hosted.Feature;

import com.oracle.graal.pointsto.meta.AnalysisField;
import com.oracle.graal.pointsto.meta.AnalysisMethod;
import com.oracle.graal.pointsto.meta.AnalysisType;
import com.oracle.svm.hosted.reflect.ReflectionHostedSupport;

/**
 * Writes what the builder registered for reflection, after analysis, one class per line:
 * {@code class, record?, constructors, methods, fields (registered/declared), record components}.
 * A missing registration only shows when a native executable runs, so tooling/native/check compares this
 * report with the classes that must be reflective instead. The report path is the system property
 * {@code nativecheck.reflection.report}.
 */
public final class ReflectionRegistrationsFeature implements Feature {

    @Override
    public void afterAnalysis(AfterAnalysisAccess access) {
        ReflectionHostedSupport reflection = ImageSingletons.lookup(ReflectionHostedSupport.class);
        Map<Class<?>, Registered> registered = new TreeMap<>((a, b) -> a.getName().compareTo(b.getName()));
        reflection.getReflectionExecutables().forEach((type, methods) ->
                registered.computeIfAbsent(type.getJavaClass(), Registered::new).executables(methods.keySet()));
        reflection.getReflectionFields().forEach((type, fields) ->
                registered.computeIfAbsent(type.getJavaClass(), Registered::new).fields(fields.keySet()));
        List<String> lines = registered.values().stream().map(r -> r.line(reflection)).toList();
        try {
            Files.write(Path.of(System.getProperty("nativecheck.reflection.report")), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reflectively accessible members of one class. */
    private static final class Registered {
        private final Class<?> type;
        private Set<Executable> executables = Set.of();
        private Set<String> fields = Set.of();

        Registered(Class<?> type) {
            this.type = type;
        }

        void executables(Collection<AnalysisMethod> methods) {
            executables = methods.stream().map(AnalysisMethod::getJavaMethod).collect(Collectors.toSet());
        }

        void fields(Collection<AnalysisField> registeredFields) {
            fields = registeredFields.stream().map(AnalysisField::getName).collect(Collectors.toSet());
        }

        String line(ReflectionHostedSupport reflection) {
            try {
                return describe(reflection);
            } catch (LinkageError e) {
                // Some library classes name optional dependencies that are absent at build time.
                return String.join("\t", type.getName(), "unresolvable", "?", "?", "?", "-");
            }
        }

        private String describe(ReflectionHostedSupport reflection) {
            Executable[] constructors = nonSynthetic(type.getDeclaredConstructors());
            Executable[] methods = nonSynthetic(type.getDeclaredMethods());
            long fieldsDeclared = Arrays.stream(type.getDeclaredFields()).filter(f -> !f.isSynthetic()).count();
            long fieldsRegistered = Arrays.stream(type.getDeclaredFields())
                    .filter(f -> !f.isSynthetic() && fields.contains(f.getName())).count();
            RecordComponent[] components = type.isRecord() ? reflection.getRecordComponents(type) : null;
            String recordComponents = !type.isRecord() ? "-" : components == null ? "no" : "yes";
            return String.join("\t", type.getName(), type.isRecord() ? "record" : "class",
                    count(constructors), count(methods), fieldsRegistered + "/" + fieldsDeclared, recordComponents);
        }

        private String count(Executable[] declared) {
            return Stream.of(declared).filter(executables::contains).count() + "/" + declared.length;
        }

        private static Executable[] nonSynthetic(Executable[] members) {
            return Stream.of(members).filter(m -> !m.isSynthetic()).toArray(Executable[]::new);
        }
    }
}
