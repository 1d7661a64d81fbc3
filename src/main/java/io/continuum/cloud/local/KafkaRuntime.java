package io.continuum.cloud.local;

import java.nio.file.Path;
import java.util.List;

/**
 * One Kafka release the local cloud runs: its classpath (resolved by runtime/kafka at build time, one
 * directory per version) and the logging configuration that release reads (log4j 1 up to 3.9, log4j2
 * from 4.0).
 */
record KafkaRuntime(String version, Path lib) {

    /** The versions runtime/kafka resolves; the first is the default (3.9.1 runs ZooKeeper too). */
    static final List<String> SUPPORTED = List.of("3.9.1", "4.1.1", "4.4.0");

    static KafkaRuntime of(Path libs, String version) {
        return new KafkaRuntime(version, libs.resolve("lib-" + version));
    }

    boolean log4j2() {
        return Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 4;
    }

    String classpath() {
        return lib.resolve("*").toString();
    }

    /** The file the logging configuration is written to in the node's directory, and its text. */
    String loggingFile() {
        return log4j2() ? "log4j2.properties" : "log4j.properties";
    }

    String loggingConfig() {
        return log4j2() ? LOG4J2 : LOG4J;
    }

    String loggingProperty() {
        return log4j2() ? "-Dlog4j2.configurationFile=log4j2.properties" : "-Dlog4j.configuration=file:log4j.properties";
    }

    private static final String LOG4J = """
            log4j.rootLogger=INFO, file
            log4j.appender.file=org.apache.log4j.RollingFileAppender
            log4j.appender.file.File=${kafka.logs.dir}/server.log
            log4j.appender.file.MaxFileSize=10MB
            log4j.appender.file.MaxBackupIndex=2
            log4j.appender.file.layout=org.apache.log4j.PatternLayout
            log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
            log4j.logger.kafka.request.logger=WARN
            log4j.logger.state.change.logger=WARN
            """;

    private static final String LOG4J2 = """
            appender.file.type=RollingFile
            appender.file.name=file
            appender.file.fileName=${sys:kafka.logs.dir}/server.log
            appender.file.filePattern=${sys:kafka.logs.dir}/server.log.%i
            appender.file.layout.type=PatternLayout
            appender.file.layout.pattern=[%d] %p %m (%c)%n
            appender.file.policies.type=Policies
            appender.file.policies.size.type=SizeBasedTriggeringPolicy
            appender.file.policies.size.size=10MB
            appender.file.strategy.type=DefaultRolloverStrategy
            appender.file.strategy.max=2
            rootLogger.level=INFO
            rootLogger.appenderRef.file.ref=file
            logger.request.name=kafka.request.logger
            logger.request.level=WARN
            logger.state.name=state.change.logger
            logger.state.level=WARN
            """;
}
