import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints one {@code --add-exports=<module>/<package>=<targets>} per package that a JDK module does
 * not export to everyone, for every JDK module in the builder's boot layer: the given roots plus,
 * as with {@code --add-modules=ALL-DEFAULT}, every JDK module that exports an API. The native-image
 * driver passes such exports to the builder; without the driver, tooling/native/check does.
 *
 * <p>Usage: {@code java JdkExports.java <targets> <upgrade-module-path> <module-path> <root>...}
 */
public class JdkExports {
    public static void main(String[] args) {
        String targets = args[0];
        ModuleFinder finder = ModuleFinder.compose(finder(args[1]), ModuleFinder.ofSystem(), finder(args[2]));
        Set<String> roots = new HashSet<>(Arrays.asList(args).subList(3, args.length));
        ModuleFinder.ofSystem().findAll().stream()
                .map(ModuleReference::descriptor)
                .filter(module -> module.exports().stream().anyMatch(e -> !e.isQualified()))
                .forEach(module -> roots.add(module.name()));
        Configuration layer = Configuration.empty().resolveAndBind(finder, ModuleFinder.of(), roots);
        layer.modules().stream()
                .map(ResolvedModule::reference)
                .filter(reference -> reference.location().map(uri -> uri.getScheme().equals("jrt")).orElse(false))
                .map(ModuleReference::descriptor)
                .sorted(Comparator.comparing(ModuleDescriptor::name))
                .forEach(module -> {
                    Set<String> exported = module.exports().stream()
                            .filter(e -> !e.isQualified())
                            .map(ModuleDescriptor.Exports::source)
                            .collect(Collectors.toSet());
                    module.packages().stream().sorted()
                            .filter(p -> !exported.contains(p))
                            .forEach(p -> System.out.println("--add-exports=" + module.name() + "/" + p + "=" + targets));
                });
    }

    private static ModuleFinder finder(String path) {
        return ModuleFinder.of(Arrays.stream(path.split(":")).map(Path::of).toArray(Path[]::new));
    }
}
