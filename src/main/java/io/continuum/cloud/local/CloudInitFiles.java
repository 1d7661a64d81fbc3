package io.continuum.cloud.local;

import io.continuum.cloud.CloudException;
import io.continuum.model.NodePath;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of cloud-init the local cloud honours: {@code write_files} (path and content), and the
 * {@code runcmd} entry that formats a KRaft node's storage ({@code kafka-storage format ...}, as
 * {@code kafka-storage.sh} on a VM). Paths are made relative to the node's directory (a leading '/' is
 * its root) and may not leave it; the rest of cloud-init (packages, other commands) is for VMs.
 */
final class CloudInitFiles {

    static final String STORAGE_COMMAND = "kafka-storage";

    record FileEntry(String path, String content) {
    }

    /** @param storageFormat the arguments of {@code kafka-storage}, starting with {@code format}, if the node formats storage */
    record CloudInit(List<FileEntry> files, Optional<List<String>> storageFormat) {
    }

    private CloudInitFiles() {
    }

    static List<FileEntry> parse(String userData) {
        return read(userData).files();
    }

    static CloudInit read(String userData) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(userData);
        } catch (RuntimeException e) {
            throw new CloudException("rendered cloud-init is not valid YAML: " + e.getMessage(), true);
        }
        if (!(doc instanceof Map<?, ?> map) || !(map.get("write_files") instanceof List<?> files)) {
            throw new CloudException("a local node's cloud-init must have write_files (its config file)", true);
        }
        List<FileEntry> out = new ArrayList<>();
        for (Object f : files) {
            if (f instanceof Map<?, ?> entry && entry.get("path") != null) {
                String written = String.valueOf(entry.get("path"));
                out.add(new FileEntry(inside(written, "write_files path"), entry.get("content") == null ? ""
                        : String.valueOf(entry.get("content"))));
            }
        }
        return new CloudInit(out, storageFormat(map.get("runcmd")));
    }

    private static Optional<List<String>> storageFormat(Object runcmd) {
        if (!(runcmd instanceof List<?> commands)) {
            return Optional.empty();
        }
        for (Object c : commands) {
            List<String> words = c instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : Arrays.asList(String.valueOf(c).trim().split("\\s+"));
            if (words.isEmpty() || !words.get(0).equals(STORAGE_COMMAND)) {
                continue;
            }
            List<String> args = new ArrayList<>(words.subList(1, words.size()));
            if (args.isEmpty() || !args.get(0).equals("format")) {
                throw new CloudException("runcmd " + STORAGE_COMMAND + ": the local cloud runs only '"
                        + STORAGE_COMMAND + " format ...', found " + words, true);
            }
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).equals("-c") || args.get(i).equals("--config")) {
                    args.set(i + 1, inside(args.get(i + 1), "runcmd " + STORAGE_COMMAND + " config"));
                }
            }
            // A crash between formatting and starting repeats the format: the second must succeed.
            if (!args.contains("--ignore-formatted") && !args.contains("-g")) {
                args.add("--ignore-formatted");
            }
            return Optional.of(List.copyOf(args));
        }
        return Optional.empty();
    }

    private static String inside(String path, String what) {
        NodePath.escape(path, true).ifPresent(why -> {
            throw new CloudException(what + " " + why, true);
        });
        return path.replaceFirst("^/+", "");
    }
}
