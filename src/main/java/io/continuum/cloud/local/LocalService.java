package io.continuum.cloud.local;

/** The processes the local cloud can run, and the main class of each. */
enum LocalService {
    ZOOKEEPER("org.apache.zookeeper.server.quorum.QuorumPeerMain", "config/zoo.cfg", 128),
    KAFKA("kafka.Kafka", "config/server.properties", 256);

    final String mainClass;
    final String defaultConfig;
    final int defaultHeapMb;

    LocalService(String mainClass, String defaultConfig, int defaultHeapMb) {
        this.mainClass = mainClass;
        this.defaultConfig = defaultConfig;
        this.defaultHeapMb = defaultHeapMb;
    }
}
