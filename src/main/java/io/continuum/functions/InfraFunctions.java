package io.continuum.functions;

import io.continuum.engine.api.Accepted;
import io.continuum.engine.api.AutoscaleReport;
import io.continuum.engine.Autoscaler;
import io.continuum.engine.api.HealthReport;
import io.continuum.engine.api.InfraSummary;
import io.continuum.engine.api.InfraView;
import io.continuum.engine.api.KafkaView;
import io.continuum.engine.api.MaintenanceReport;
import io.continuum.engine.api.MigrationPlan;
import io.continuum.engine.MaintenanceService;
import io.continuum.engine.OperationService;
import io.continuum.engine.Plan;
import io.continuum.engine.api.ScaleAccepted;
import io.continuum.engine.StatusService;
import io.continuum.engine.api.ValidationException;
import io.continuum.model.Blueprint;
import io.continuum.model.BlueprintParser;
import io.continuum.state.OperationRecord;
import io.continuum.state.RowRules;
import io.quarkus.funqy.Funq;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The HTTP API, one Funqy function per operation (served at /&lt;name&gt; and, as Azure Functions
 * forwards them, /api/&lt;name&gt;). Thin: check the request's shape, call the engine, answer.
 * Long operations answer 202 with an operation id at once.
 */
public class InfraFunctions {

    @Inject
    OperationService operations;
    @Inject
    StatusService status;
    @Inject
    MaintenanceService maintenance;
    @Inject
    Autoscaler autoscaler;
    @Inject
    RoutingContext http;
    @Inject
    BlueprintParser parser;

    @Funq
    public ValidationResponse validate(BlueprintRequest request) {
        BlueprintParser.Result r = parser.parse(blueprint(request).blueprint());
        return new ValidationResponse(r.valid(), r.problems().stream().map(ProblemView::of).toList());
    }

    @Funq
    public PlanResponse plan(BlueprintRequest request) {
        BlueprintRequest r = blueprint(request);
        if (r.infraId() != null && !r.infraId().isBlank()) {
            id(r.infraId(), "infraId");
        }
        Plan plan = operations.plan(r.blueprint(), r.infraId());
        List<ProblemView> warnings = parser.parse(r.blueprint()).problems().stream().map(ProblemView::of).toList();
        return new PlanResponse(r.infraId(), plan.summary(), plan.blocked(), warnings);
    }

    @Funq
    public Accepted deploy(BlueprintRequest request) {
        accepted();
        return operations.deploy(blueprint(request).blueprint());
    }

    @Funq
    public Accepted extend(BlueprintRequest request) {
        BlueprintRequest r = blueprint(request);
        id(r.infraId(), "infraId");
        accepted();
        return operations.extend(r.infraId(), r.blueprint());
    }

    @Funq
    public ScaleAccepted scale(ScaleRequest request) {
        ScaleRequest r = body(request);
        id(r.infraId(), "infraId");
        required(r.node(), "node");
        accepted();
        return operations.scale(r.infraId(), r.node(), r.to(), r.by());
    }

    @Funq
    public Accepted destroy(InfraRequest request) {
        accepted();
        return operations.destroy(infraId(request));
    }

    /** What migrate would do: its phases, why it would be refused, the KRaft form of the description. Changes nothing. */
    @Funq
    public MigrationPlan migrationPlan(MigrateRequest request) {
        MigrateRequest r = body(request);
        id(r.infraId(), "infraId");
        return operations.migrationPlan(r.infraId(), r.controllerNode(), r.controllerType(), r.controllers());
    }

    /** Migrates a ZooKeeper infrastructure to KRaft, phase by phase; resumes one stopped part-way. */
    @Funq
    public Accepted migrate(MigrateRequest request) {
        MigrateRequest r = body(request);
        id(r.infraId(), "infraId");
        accepted();
        return operations.migrate(r.infraId(), r.controllerNode(), r.controllerType(), r.controllers());
    }

    /** Rolls a ZooKeeper → KRaft migration back to ZooKeeper, while Kafka allows it; cancels a migrate running. */
    @Funq
    public Accepted rollbackMigration(InfraRequest request) {
        String infraId = infraId(request);
        accepted();
        return operations.rollbackMigration(infraId);
    }

    /** The description kept in state (after a migration, its KRaft form). */
    @Funq
    public Blueprint description(InfraRequest request) {
        return status.description(infraId(request));
    }

    @Funq
    public InfraView status(InfraRequest request) {
        return status.status(infraId(request));
    }

    /** The Kafka view: brokers, partitions led, under-replicated partitions, ZooKeeper, consumer lag. Read-only. */
    @Funq
    public KafkaView kafka(InfraRequest request) {
        return status.kafka(infraId(request));
    }

    @Funq
    public HealthReport healthCheck(InfraRequest request) {
        return status.health(infraId(request));
    }

    @Funq
    public OperationRecord operation(OperationRequest request) {
        OperationRequest r = body(request);
        id(r.operationId(), "operationId");
        return status.operation(r.operationId());
    }

    /** Stops a running operation at its next step boundary; answers the operation as it now stands. */
    @Funq
    public OperationRecord cancel(OperationRequest request) {
        OperationRequest r = body(request);
        required(r.operationId(), "operationId");
        return operations.cancel(r.operationId());
    }

    @Funq
    public List<InfraSummary> list(NoInput none) {
        return status.list();
    }

    /** One autoscale pass over every infrastructure, as the autoscale timer runs it. */
    @Funq
    public AutoscaleReport autoscale(NoInput none) {
        return autoscaler.run();
    }

    /**
     * One maintenance pass over every infrastructure, as the maintain timer runs it, or over one
     * shard of them (the timer fans a pass out over instances this way).
     */
    @Funq
    public MaintenanceReport maintain(MaintainRequest request) {
        return maintenance.pass(shard(request));
    }

    /** Kept out of the request record, so that only plain data is registered for the native image with it. */
    private static MaintenanceService.Shard shard(MaintainRequest r) {
        if (r == null || r.shard() == null && r.shards() == null) {
            return MaintenanceService.Shard.ALL;
        }
        if (r.shards() == null || r.shards() < 1 || r.shards() > 10_000) {
            throw ValidationException.field("shards", "give 'shards' from 1 to 10000 together with 'shard'");
        }
        if (r.shard() == null || r.shard() < 0 || r.shard() >= r.shards()) {
            throw ValidationException.field("shard", "give 'shard' from 0 to " + (r.shards() - 1) + " (one less than 'shards')");
        }
        return new MaintenanceService.Shard(r.shard(), r.shards());
    }

    /** Answers 202 instead of Funqy's 200, once the function has returned without an error. */
    private void accepted() {
        HttpServerResponse response = http.response();
        http.addHeadersEndHandler(v -> {
            if (response.getStatusCode() == 200) {
                response.setStatusCode(202);
            }
        });
    }

    /**
     * Missing or empty YAML texts are reported by the parser, located at the file they stand for;
     * an imported file sent as null, or a file name that cannot head a location (blank, or with
     * control characters), is a problem of the request.
     */
    private static BlueprintRequest blueprint(BlueprintRequest request) {
        BlueprintRequest r = body(request);
        fileName(r.infraFile(), "infraFile", Blueprint.DEFAULT_INFRA_FILE);
        fileName(r.nodeDefinitionsFile(), "nodeDefinitionsFile", Blueprint.DEFAULT_NODES_FILE);
        if (r.files() != null) {
            r.files().forEach((name, text) -> {
                if (text == null) {
                    throw ValidationException.field("files." + name, "imported file '" + name
                            + "' is null; send its text, or leave it out");
                }
            });
        }
        return r;
    }

    private static void fileName(String name, String field, String defaultName) {
        if (name != null && (name.isBlank() || name.chars().anyMatch(Character::isISOControl))) {
            throw ValidationException.field(field, "'" + field + "' must be a file name without control characters"
                    + " (it heads every location in that file), or left out for '" + defaultName + "'");
        }
    }

    private static String infraId(InfraRequest request) {
        InfraRequest r = body(request);
        id(r.infraId(), "infraId");
        return r.infraId();
    }

    private static <T> T body(T request) {
        if (request == null) {
            throw ValidationException.field("", "the request has no JSON body; send a JSON object with Content-Type: application/json");
        }
        return request;
    }

    /** An id the state store could not hold as a key names nothing: a 400 on its field, not a store error. */
    private static void id(String value, String field) {
        required(value, field);
        try {
            RowRules.checkKey(field, value);
        } catch (IllegalArgumentException e) {
            throw ValidationException.field(field, e.getMessage() + "; no "
                    + (field.equals("operationId") ? "operation" : "infrastructure") + " has such an id");
        }
    }

    private static void required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ValidationException.field(field, "missing required field '" + field + "'");
        }
    }

}
