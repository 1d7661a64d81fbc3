package io.continuum.cloud.local;

import io.continuum.cloud.CloudException;
import io.continuum.model.NodePath;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of cloud-init the local cloud honours: {@code write_files} (path and content). Paths are
 * made relative to the node's directory (a leading '/' is its root) and may not leave it; the rest of cloud-init (packages, runcmd) is for VMs.
 */
final class CloudInitFiles {

    record FileEntry(String path, String content) {
    }

    private CloudInitFiles() {
    }

    static List<FileEntry> parse(String userData) {
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
                NodePath.escape(written, true).ifPresent(why -> {
                    throw new CloudException("write_files path " + why, true);
                });
                String path = written.replaceFirst("^/+", "");
                Object content = entry.get("content");
                out.add(new FileEntry(path, content == null ? "" : String.valueOf(content)));
            }
        }
        return out;
    }
}
