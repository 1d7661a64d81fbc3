package io.continuum.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's side end to end, on kafka-local's real ZooKeeper and Kafka processes: the web
 * console in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium), the
 * Prometheus series after a deploy, and {@code bin/continuum watch}. Screenshots go to
 * target/console-screenshots/. Without chromium the browser steps report not run (assumption).
 */
@QuarkusTest
@QuarkusTestResource(CleanLocalCloud.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleEndToEndTest {

    static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(4);
    static final LocalKafkaCluster CLUSTER = new LocalKafkaCluster(FreePorts.block(16), Path.of("target/test-local"));
    static final int PARTITIONS = 6;
    static String infraId;
    static WebDriver browser;
    static final String IGNORING_SIGINT =
            "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); os.execvp(sys.argv[1], sys.argv[1:])";

    @TestHTTPResource("/")
    URL root;

    @Test
    @Order(1)
    void deployKafkaLocalWithATopic() throws Exception {
        JsonPath accepted = Api.call("deploy", CLUSTER.body("infra.yaml"), 202);
        infraId = accepted.getString("infraId");
        Api.awaitSuccess(accepted.getString("operationId"), DEPLOY_TIMEOUT);
        try (Admin admin = CLUSTER.admin()) {
            LocalKafkaCluster.createTopic(admin, new NewTopic("orders", PARTITIONS, (short) 2));
        }
    }

    @Test
    @Order(2)
    void metricsShowTheDeployItsCloudCallsAndStateStoreCalls() {
        long t0 = System.nanoTime();
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        long t1 = System.nanoTime();
        JsonPath kafka = Api.call("kafka", Map.of("infraId", infraId), 200);
        System.out.printf("[measure] /q/metrics %.1f ms (%d lines); kafka view of 3 brokers %.1f ms%n", (t1 - t0) / 1e6,
                metrics.lines().count(), (System.nanoTime() - t1) / 1e6);
        assertEquals(List.of("kafka-2", "kafka-3", "kafka-4"), kafka.getList("brokers.nodeId"));
        assertEquals(PARTITIONS, kafka.getList("brokers.leaderOf", Integer.class).stream().mapToInt(Integer::intValue).sum());
        assertTrue(metrics.contains("continuum_operations_total{kind=\"deploy\",outcome=\"succeeded\"} 1.0"), metrics);
        assertSeries(metrics, "continuum_cloud_calls_seconds_count{call=\"create\",cloud=\"local\",outcome=\"ok\"} 4.0");
        assertSeries(metrics, "continuum_nodes{infra=\"" + infraId + "\",phase=\"ready\"} 4.0");
        assertSeries(metrics, "continuum_steps_seconds_count{kind=\"deploy\"}");
        assertSeries(metrics, "continuum_state_calls_seconds_count{call=\"batch\",outcome=\"ok\"}");
        assertSeries(metrics, "continuum_state_calls_seconds_count{call=\"get\",outcome=\"ok\"}");
        // Invocations: every function call, timer routes included, is an HTTP request Quarkus times.
        assertSeries(metrics, "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"202\",uri=\"/api/deploy\"}");
    }

    @Test
    @Order(3)
    void fromTheListTheKeyboardOpensTheTopologyByCloudAndTheKafkaView() throws IOException {
        WebDriver b = browser();
        b.get(root.toString());
        WebDriverWait wait = HeadlessChromium.waitOn(b);
        wait.until(d -> !d.findElements(By.linkText(infraId)).isEmpty());
        String listed = b.findElement(By.cssSelector("#infra-table tbody tr")).getText();
        assertEquals(infraId + " kafka-local active 4 of 4", listed);
        b.findElement(By.linkText(infraId)).sendKeys(Keys.ENTER);
        wait.until(d -> d.findElements(By.cssSelector("[data-cloud=local] tbody tr")).size() == 4
                && d.findElements(By.cssSelector("#brokers tbody tr")).size() == 3);
        WebElement local = b.findElement(By.cssSelector("[data-cloud=local]"));
        assertTrue(local.findElement(By.tagName("h3")).getText().contains("local"), local.getText());
        for (String node : List.of("zookeeper-1", "kafka-2", "kafka-3", "kafka-4")) {
            WebElement row = local.findElement(By.cssSelector("tr[data-node-id='" + node + "']"));
            assertTrue(row.getText().contains("ready") && row.getText().contains("127.0.0.1"), row.getText());
        }
        wait.until(d -> local.getText().contains("healthy"));
        String kafka = b.findElement(By.id("kafka")).getText();
        assertTrue(kafka.contains("ZooKeeper: zookeeper-1 127.0.0.1:" + CLUSTER.base()), kafka);
        wait.until(d -> ledPerBroker(d).values().stream().mapToInt(Integer::intValue).sum() == PARTITIONS);
        assertEquals(Set.of("kafka-2", "kafka-3", "kafka-4"), ledPerBroker(b).keySet());
        assertTrue(kafka.contains("No under-replicated partitions."), kafka);
        HeadlessChromium.shot(browser, "topology");
    }

    @Test
    @Order(4)
    void aScaleStartedFromTheConsoleMakesTheNewBrokerAppear() throws IOException {
        WebDriver b = browser();
        WebDriverWait wait = openInfra(b);
        wait.until(d -> d.findElements(By.cssSelector("#scale-node option")).size() == 2);
        new Select(b.findElement(By.id("scale-node"))).selectByValue("kafka");
        b.findElement(By.id("scale-to")).sendKeys("4");
        b.findElement(By.id("scale-preview")).click();
        assertTrue(b.findElement(By.id("plan-actions")).getText().contains("create 1 instance(s) of kafka (3 → 4)"),
                b.findElement(By.id("plan-actions")).getText());
        b.findElement(By.id("scale-apply")).click();
        WebElement dialog = b.findElement(By.id("confirm"));
        wait.until(d -> dialog.isDisplayed());
        assertTrue(dialog.getText().contains("Scale kafka of " + infraId + " to 4?"), dialog.getText());
        HeadlessChromium.shot(browser, "scale-confirm");
        b.findElement(By.id("confirm-yes")).click();
        wait.until(d -> d.getCurrentUrl().contains("#/operation/"));
        wait.until(d -> d.findElement(By.id("operation-state")).getText().equals("succeeded"));
        String steps = b.findElement(By.id("operation-steps")).getText();
        assertTrue(steps.contains("kafka-5"), steps);
        HeadlessChromium.shot(browser, "scale-operation");
        b.get(root + "#/infra/" + infraId);
        wait.until(d -> d.findElements(By.cssSelector("#brokers tbody tr")).size() == 4);
        WebElement row = b.findElement(By.cssSelector("tr[data-node-id='kafka-5']"));
        assertTrue(row.getText().contains("ready"), row.getText());
        // The scale succeeded once partitions were spread onto the new broker.
        WebElement broker = b.findElement(By.xpath("//table[@id='brokers']//tr[td[3]='kafka-5']"));
        assertTrue(Integer.parseInt(broker.findElements(By.tagName("td")).get(5).getText()) > 0, broker.getText());
        HeadlessChromium.shot(browser, "scaled");
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertSeries(metrics, "continuum_operations_total{kind=\"scale\",outcome=\"succeeded\"} 1.0");
        double moved = metrics.lines().filter(l -> l.startsWith("continuum_partitions_moved_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(0);
        assertTrue(moved > 0, "partitions moved onto kafka-5: " + moved);
    }

    @Test
    @Order(5)
    void anErrorFromTheApiIsShownAsAReadableMessage() throws IOException, InterruptedException {
        WebDriver b = browser();
        WebDriverWait wait = openInfra(b);
        wait.until(d -> d.findElement(By.id("infra-title")).getText().contains(infraId));
        b.findElement(By.id("extend-infra")).sendKeys("infra_name: kafka-local\nnodes:\n  - name: GENERATOR\n    type: x\n");
        b.findElement(By.id("extend-nodes")).sendKeys("{}");
        b.findElement(By.id("extend-preview")).click();
        WebElement error = b.findElement(By.id("error"));
        wait.until(d -> error.isDisplayed());
        String text = error.getText();
        assertEquals("alert", error.getAttribute("role"));
        assertTrue(text.startsWith("invalid input"), text);
        assertTrue(text.contains("infra.yaml:3:5 nodes[0].name: 'GENERATOR' is not a valid name"), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
        // The view refreshes every 3 s; the message stays past a refresh, until the next action.
        Thread.sleep(4_000);
        assertEquals(text, error.getText());
        HeadlessChromium.shot(browser, "error");
    }

    @Test
    @Order(6)
    void watchRedrawsTheTableUntilInterruptedAndEndsWhenTheInfrastructureIsGone() throws Exception {
        Process interrupted = watch();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(interrupted.getInputStream(), StandardCharsets.UTF_8))) {
            int tables = 0;
            Instant deadline = Instant.now().plusSeconds(60);
            String line;
            while (tables < 2 && Instant.now().isBefore(deadline) && (line = out.readLine()) != null) {
                if (line.startsWith("infrastructure " + infraId + " (active)")) {
                    tables++;
                }
            }
            assertEquals(2, tables, "two refreshes of the table");
            new ProcessBuilder("kill", "-INT", Long.toString(interrupted.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(interrupted.waitFor(30, TimeUnit.SECONDS), "watch ends on Ctrl-C");
            assertEquals(0, interrupted.exitValue());
            assertTrue(new String(interrupted.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("stopped watching"));
        } finally {
            interrupted.destroyForcibly();
        }

        Process gone = watch();
        try {
            Api.awaitSuccess(Api.call("destroy", Map.of("infraId", infraId), 202).getString("operationId"), DEPLOY_TIMEOUT);
            assertTrue(gone.waitFor(60, TimeUnit.SECONDS), "watch ends once the infrastructure is gone");
            String out = new String(gone.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("infrastructure " + infraId + " is gone"), out);
            assertEquals(0, gone.exitValue(), out);
        } finally {
            gone.destroyForcibly();
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        Api.destroyAllThenKill(CLUSTER, DEPLOY_TIMEOUT);
    }

    // helpers

    private Process watch() throws IOException {
        // Started as a script's background job starts it, with SIGINT ignored: Ctrl-C must still stop it.
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", IGNORING_SIGINT,
                "python3", "bin/continuum", "watch", infraId, "--every", "1").redirectErrorStream(true);
        pb.environment().put("CONTINUUM_PORT", Integer.toString(root.getPort()));
        pb.environment().put("PYTHONUNBUFFERED", "1");
        return pb.start();
    }

    private WebDriverWait openInfra(WebDriver b) {
        b.get(root + "#/infra/" + infraId);
        return HeadlessChromium.waitOn(b);
    }

    /** Instance → partitions led, from the console's broker table. */
    private static Map<String, Integer> ledPerBroker(WebDriver b) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (WebElement row : b.findElements(By.cssSelector("#brokers tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            out.put(cells.get(2).getText(), Integer.parseInt(cells.get(4).getText()));
        }
        return out;
    }

    private static void assertSeries(String metrics, String series) {
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith(series)), series + " in\n" + metrics);
    }

    private static WebDriver browser() {
        if (browser == null) {
            browser = HeadlessChromium.start();
        }
        return browser;
    }
}
