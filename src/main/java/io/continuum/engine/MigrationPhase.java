package io.continuum.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The phases of a ZooKeeper → KRaft migration (Kafka 3.9, KIP-866), in order. The description kept in
 * state names the current one ({@code variables.kafka_migration}) and is rewritten at each change of
 * phase, so a phase survives any crash: the next step reconciles the description it finds. The last
 * phase has no marker: its description is the KRaft form the user keeps.
 *
 * <p>A phase sets how brokers and controllers run ({@code kafka_mode} in their templates); a change
 * of mode re-creates the node's instances one at a time (see {@link Rolling}).
 */
public enum MigrationPhase {
    CONTROLLERS("deploy the KRaft controllers in migration mode", Mode.ZOOKEEPER, Mode.MIGRATION, true,
            "rollbackMigration: the controllers are removed; ZooKeeper and the brokers stay as they are"),
    BROKERS("roll the brokers one at a time into migration mode", Mode.MIGRATION, Mode.MIGRATION, true,
            Rollbacks.ZOOKEEPER_MODE),
    METADATA("wait until the controllers have migrated the metadata from ZooKeeper", Mode.MIGRATION, Mode.MIGRATION, true,
            Rollbacks.ZOOKEEPER_MODE),
    KRAFT_BROKERS("roll the brokers one at a time into KRaft mode", Mode.KRAFT, Mode.MIGRATION, false,
            "rollbackMigration: the brokers are rolled back into migration mode, then as from phase 3"),
    FINALIZE("roll the controllers out of migration mode (no way back to ZooKeeper after this)", Mode.KRAFT, Mode.KRAFT, false,
            null),
    REMOVE_ZOOKEEPER("remove the ZooKeeper nodes; the description kept is the KRaft form", Mode.KRAFT, Mode.KRAFT, false, null);

    /** Kafka's documented way back from phases 2 and 3, carried out by rollbackMigration. */
    private static final class Rollbacks {
        static final String ZOOKEEPER_MODE = "rollbackMigration: every broker in migration mode, the controllers removed,"
                + " /controller and /migration deleted in ZooKeeper, the brokers rolled back into ZooKeeper mode";
    }

    /** The variable of the description that names the phase while a migration runs. */
    public static final String VARIABLE = "kafka_migration";
    /**
     * The value of {@value #VARIABLE} while a rollback removes the controllers: the brokers stay in
     * migration mode until ZooKeeper is released, then roll back into ZooKeeper mode.
     */
    public static final String ROLLBACK = "rollback";
    /** The variable that pins the Kafka cluster id (a migrated cluster keeps the one ZooKeeper gave it). */
    public static final String CLUSTER_ID_VARIABLE = "kafka_cluster_id";

    /** How a Kafka node runs: the value of {@code kafka_mode} in its templates. */
    public enum Mode {
        ZOOKEEPER, MIGRATION, KRAFT;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public final String what;
    public final Mode brokers;
    public final Mode controllers;
    /** Whether brokers still reach ZooKeeper (else they depend on the controllers). */
    public final boolean brokersOnZookeeper;
    /** How rollbackMigration goes back to ZooKeeper from this phase (none once the controllers leave migration mode). */
    public final Optional<String> rollback;

    MigrationPhase(String what, Mode brokers, Mode controllers, boolean brokersOnZookeeper, String rollback) {
        this.what = what;
        this.brokers = brokers;
        this.controllers = controllers;
        this.brokersOnZookeeper = brokersOnZookeeper;
        this.rollback = Optional.ofNullable(rollback);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** 1-based, as plans and status show it. */
    public int number() {
        return ordinal() + 1;
    }

    /** Controllers keep reaching ZooKeeper until they leave migration mode. */
    public boolean controllersOnZookeeper() {
        return controllers == Mode.MIGRATION;
    }

    public Optional<MigrationPhase> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** The phase a description's variables name; empty when they name none (the last phase has no marker). */
    public static Optional<MigrationPhase> of(Map<String, Object> variables) {
        Object v = variables == null ? null : variables.get(VARIABLE);
        if (v == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(p -> p.key().equals(v.toString())).findFirst();
    }

    /** Whether the description is the step of a rollback that removes the controllers. */
    public static boolean rollingBack(Map<String, Object> variables) {
        return variables != null && ROLLBACK.equals(String.valueOf(variables.get(VARIABLE)));
    }

    public String describe() {
        return "phase " + number() + " of " + values().length + " (" + key() + "): " + what;
    }
}
