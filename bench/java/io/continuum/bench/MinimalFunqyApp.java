package io.continuum.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cold-start baselines: a Funqy HTTP app with one function, on the same Quarkus version, built by
 * the bench (offline, from the local repository; plugins pinned as Continuum's pom pins them) into
 * target/bench/&lt;name&gt;. {@link #build} makes it with nothing else; {@link #buildWithMetricsAndHealth}
 * adds the two extensions Continuum serves operators with, configured as Continuum configures them, so
 * that a start can be split into what those extensions cost and what Continuum's own code costs.
 */
final class MinimalFunqyApp {

    private static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>
              <groupId>bench</groupId>
              <artifactId>%3$s</artifactId>
              <version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencyManagement>
                <dependencies>
                  <dependency>
                    <groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId><version>%1$s</version>
                    <type>pom</type><scope>import</scope>
                  </dependency>
                </dependencies>
              </dependencyManagement>
              <dependencies>
                <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-funqy-http</artifactId></dependency>%2$s
              </dependencies>
              <build>
                <plugins>
                  <plugin>
                    <groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>%1$s</version>
                    <extensions>true</extensions>
                    <executions><execution><goals><goal>build</goal></goals></execution></executions>
                  </plugin>
                  <plugin>
                    <artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version>
                  </plugin>
                  <plugin>
                    <artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    private static final String FUNCTION = """
            package bench;

            import io.quarkus.funqy.Funq;

            public class Status {

                public static class In {
                    public String infraId;
                }

                @Funq
                public String status(In in) {
                    return in.infraId;
                }
            }
            """;

    private MinimalFunqyApp() {
    }

    /** @return the built app's quarkus-run.jar */
    static Path build(String quarkusVersion) throws Exception {
        return build(quarkusVersion, "minimal-funqy", "", "");
    }

    /**
     * The same app with Micrometer's Prometheus registry and SmallRye Health, and the
     * {@code quarkus.micrometer.*} settings of Continuum's application.properties.
     * @return the built app's quarkus-run.jar
     */
    static Path buildWithMetricsAndHealth(String quarkusVersion) throws Exception {
        String dependencies = """

                <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-micrometer-registry-prometheus</artifactId></dependency>
                <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-smallrye-health</artifactId></dependency>""";
        String micrometer = Files.readAllLines(Path.of("src/main/resources/application.properties")).stream()
                .filter(line -> line.startsWith("quarkus.micrometer.")).map(line -> line + "\n").reduce("", String::concat);
        return build(quarkusVersion, "funqy-metrics-health", dependencies, micrometer);
    }

    private static Path build(String quarkusVersion, String name, String dependencies, String properties) throws Exception {
        Path dir = Path.of("target/bench", name).toAbsolutePath();
        Files.createDirectories(dir.resolve("src/main/java/bench"));
        Files.writeString(dir.resolve("pom.xml"), POM.formatted(quarkusVersion, dependencies, name));
        Files.writeString(dir.resolve("src/main/java/bench/Status.java"), FUNCTION);
        if (!properties.isEmpty()) { // the minimal app has none: reading one is a step of its start
            Files.createDirectories(dir.resolve("src/main/resources"));
            Files.writeString(dir.resolve("src/main/resources/application.properties"), properties);
        }
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "-ntp", "package", "-DskipTests")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile()).start();
        if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
            mvn.destroyForcibly();
            throw new IllegalStateException("the baseline app " + name + " did not build; see " + dir.resolve("build.log"));
        }
        return dir.resolve("target/quarkus-app/quarkus-run.jar");
    }
}
