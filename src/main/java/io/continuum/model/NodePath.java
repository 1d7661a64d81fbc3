package io.continuum.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A path inside a local node's directory, as a resource's {@code config} or a cloud-init
 * {@code write_files} path names it. Checked on the text, before any file system call, so the same
 * rule applies when a description is validated and when a node is created.
 */
public final class NodePath {

    private NodePath() {
    }

    /**
     * Why this path would leave the node's directory, or empty when it stays inside.
     *
     * @param rooted whether a leading '/' means the node's directory (cloud-init writes files from the
     *               root of the machine, which a local node's directory stands for); otherwise an
     *               absolute path is refused
     */
    public static Optional<String> escape(String path, boolean rooted) {
        String p = path.replace('\\', '/');
        if (p.matches("^[A-Za-z]:.*")) {
            return Optional.of("'" + path + "' is an absolute path; name a file inside the node's directory");
        }
        if (p.startsWith("/") && !rooted) {
            return Optional.of("'" + path + "' is an absolute path; name a file relative to the node's directory,"
                    + " such as config/server.properties");
        }
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : p.split("/")) {
            if (segment.equals("..")) {
                if (kept.pollLast() == null) {
                    return Optional.of("'" + path + "' leaves the node's directory");
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        return kept.isEmpty() ? Optional.of("'" + path + "' names the node's directory itself, not a file inside it")
                : Optional.empty();
    }
}
