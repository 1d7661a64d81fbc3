package io.continuum.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cold-start baseline: a Funqy HTTP app with one function and nothing else, on the same Quarkus
 * version, built by the bench (offline, from the local repository; plugins pinned as Continuum's pom pins them) into target/bench/minimal-funqy.
 */
final class MinimalFunqyApp {

    private static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>
              <groupId>bench</groupId>
              <artifactId>minimal-funqy</artifactId>
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
                <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-funqy-http</artifactId></dependency>
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
        Path dir = Path.of("target/bench/minimal-funqy").toAbsolutePath();
        Files.createDirectories(dir.resolve("src/main/java/bench"));
        Files.writeString(dir.resolve("pom.xml"), POM.formatted(quarkusVersion));
        Files.writeString(dir.resolve("src/main/java/bench/Status.java"), FUNCTION);
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "-ntp", "package", "-DskipTests")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile()).start();
        if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
            mvn.destroyForcibly();
            throw new IllegalStateException("the minimal Funqy app did not build; see " + dir.resolve("build.log"));
        }
        return dir.resolve("target/quarkus-app/quarkus-run.jar");
    }
}
