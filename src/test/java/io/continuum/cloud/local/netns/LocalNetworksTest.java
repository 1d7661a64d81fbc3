package io.continuum.cloud.local.netns;

import io.continuum.cloud.Addresses;
import io.continuum.e2e.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local cloud's networks on this host's kernel: real namespaces, veth pairs and routes, and a
 * real process (a one-file Java listener) inside them. Reported as not run where namespaces cannot
 * be made (not root, no {@code ip netns}).
 */
class LocalNetworksTest {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private final List<Process> started = new ArrayList<>();
    @TempDir
    Path work;

    @BeforeEach
    void needsNamespaces() {
        assumeTrue(TestNetworks.refusal().isEmpty(), () -> "not run: " + TestNetworks.refusal().orElseThrow());
        removeAll();
    }

    @AfterEach
    void stopAndRemove() {
        for (Process p : started) {
            p.destroyForcibly();
            p.onExit().join();
        }
        removeAll();
    }

    @Test
    void aNodeRunsInItsNetworkWithItsPidAndOnlyItsPublicAddressIsReachableFromOutside() throws Exception {
        LocalNetworks networks = new LocalNetworks();
        Path elkh = work.resolve("elkh-node");
        Path azure = work.resolve("azure-node");
        Addresses a = networks.attach(elkh, "elkh");
        Addresses b = networks.attach(azure, "azure");
        assertTrue(a.publicAddress().matches("10\\.231\\.1\\d\\d\\.\\d+"), a.toString());
        assertTrue(a.privateAddress().matches("10\\.231\\.\\d{1,2}\\.\\d+"), a.toString());
        assertFalse(a.publicAddress().equals(b.publicAddress()) || a.privateAddress().equals(b.privateAddress()));
        assertEquals(a, networks.attach(elkh, "elkh"), "attaching again gives the same addresses");
        assertEquals(a, networks.addresses(elkh).orElseThrow());

        int port = FreePorts.block(1);
        Process listener = start(networks.inside(elkh, List.of(JAVA.toString(), source("Listen", LISTEN).toString(),
                Integer.toString(port))));
        // ip netns exec execs: the pid Continuum records becomes the listener's own, in the network's namespace.
        for (int i = 0; i < 100 && !listener.info().command().orElse("").endsWith("/java"); i++) {
            Thread.sleep(100);
        }
        assertTrue(listener.info().command().orElse("").endsWith("/java"), listener.info().toString());
        assertEquals("ctm-n-elkh", TestNetworks.namespaceOf(listener.pid()));
        awaitOpen(a.publicAddress(), port);

        assertFalse(connects(a.privateAddress(), port), "the private address is not reachable from the root namespace");
        assertEquals(0, probeFrom(networks, azure, a.publicAddress(), port), "the other network reaches the public address");
        assertEquals(1, probeFrom(networks, azure, a.privateAddress(), port), "but not the private one");
        Path peer = work.resolve("elkh-peer");
        networks.attach(peer, "elkh");
        assertEquals(0, probeFrom(networks, peer, a.privateAddress(), port), "its own network does");
    }

    @Test
    void theLastNodeOffANetworkRemovesItAndTheLastNetworkRemovesThePublicSegment() {
        LocalNetworks networks = new LocalNetworks();
        Path one = work.resolve("one");
        Path two = work.resolve("two");
        Path three = work.resolve("three");
        networks.attach(one, "elkh");
        networks.attach(two, "elkh");
        networks.attach(three, "azure");
        assertEquals(List.of("ctm-n-azure", "ctm-n-elkh", "ctm-pub"), ours());
        assertTrue(TestNetworks.rootLinkExists());

        networks.detach(one);
        assertEquals(List.of("ctm-n-azure", "ctm-n-elkh", "ctm-pub"), ours(), "elkh still has a node");
        networks.detach(three);
        assertEquals(List.of("ctm-n-elkh", "ctm-pub"), ours());
        networks.detach(two);
        networks.detach(two);
        assertEquals(List.of(), ours());
        assertFalse(TestNetworks.rootLinkExists(), "the root namespace's link is gone");
        assertFalse(Ip.run("-4", "route", "show").contains("10.231."), "and its route");
    }

    @Test
    void aNodeMovedToAnotherNetworkGivesItsOldAddressesBack() {
        LocalNetworks networks = new LocalNetworks();
        Path node = work.resolve("node");
        Addresses before = networks.attach(node, "elkh");
        Addresses after = networks.attach(node, "azure");
        assertFalse(block(before.publicAddress()).equals(block(after.publicAddress())), before + " -> " + after);
        assertEquals(List.of("ctm-n-azure", "ctm-pub"), ours(), "elkh had no other node");
        assertEquals(after, networks.addresses(node).orElseThrow());
    }

    private static String block(String address) {
        return address.substring(0, address.lastIndexOf('.'));
    }

    @Test
    void aLaterProcessSweepsNetworksLeftWithoutProcesses() throws Exception {
        Path alive = work.resolve("alive");
        LocalNetworks before = new LocalNetworks();
        before.attach(alive, "kept");
        int port = FreePorts.block(1);
        start(before.inside(alive, List.of(JAVA.toString(), source("Listen", LISTEN).toString(), Integer.toString(port))));
        new LocalNetworks().attach(work.resolve("crashed"), "left"); // a process that made a network and crashed
        assertEquals(List.of("ctm-n-kept", "ctm-n-left", "ctm-pub"), ours());

        new LocalNetworks().attach(work.resolve("next"), "azure"); // a new process's first use

        assertEquals(List.of("ctm-n-azure", "ctm-n-kept", "ctm-pub"), ours(), "only the network with a running process is kept");
    }

    @Test
    void aNodeOnNoNetworkRunsItsCommandAsItIsAndTouchesNothing() {
        LocalNetworks networks = new LocalNetworks();
        Path plain = work.resolve("plain");
        assertEquals(List.of("java", "-version"), networks.inside(plain, List.of("java", "-version")));
        networks.detach(plain);
        assertEquals(List.of(), ours());
    }

    @Test
    void aNetworkNameMustFitANamespaceName() {
        assertEquals("must be a network name of 1 to 12 lower-case letters and digits starting with a letter, found 'Azure_1'",
                LocalNetworks.refusal("Azure_1").orElseThrow());
        assertThrows(RuntimeException.class, () -> new LocalNetworks().attach(work.resolve("x"), "../etc"));
    }

    private Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("process-" + started.size() + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    /** Exit code of a one-file probe run in the network of {@code nodeDir}: 0 connected, 1 not. */
    private int probeFrom(LocalNetworks networks, Path nodeDir, String host, int port) throws Exception {
        Process p = start(networks.inside(nodeDir, List.of(JAVA.toString(), source("Probe", PROBE).toString(), host,
                Integer.toString(port))));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        return p.exitValue();
    }

    private Path source(String name, String text) throws IOException {
        Path file = work.resolve(name + ".java");
        if (!Files.exists(file)) {
            Files.writeString(file, text);
        }
        return file;
    }

    private static boolean connects(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitOpen(String host, int port) throws InterruptedException {
        for (int i = 0; i < 120 && !connects(host, port); i++) {
            Thread.sleep(250);
        }
        assertTrue(connects(host, port), host + ":" + port + " open within 30 s");
    }

    private static List<String> ours() {
        return TestNetworks.namespaces();
    }

    private static void removeAll() {
        TestNetworks.removeAll();
    }

    private static final String LISTEN = """
            import java.net.*;
            public class Listen {
                public static void main(String[] a) throws Exception {
                    try (ServerSocket s = new ServerSocket()) {
                        s.bind(new InetSocketAddress("0.0.0.0", Integer.parseInt(a[0])));
                        for (int i = 0; i < 1000; i++) { s.accept().close(); }
                    }
                }
            }
            """;

    private static final String PROBE = """
            import java.net.*;
            public class Probe {
                public static void main(String[] a) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a[0], Integer.parseInt(a[1])), 3000);
                        System.exit(0);
                    } catch (Exception e) {
                        System.out.println(e);
                        System.exit(1);
                    }
                }
            }
            """;
}
