package io.continuum.state.table;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import io.continuum.state.ConflictException;
import io.continuum.state.Row;
import io.continuum.state.RowRules;
import io.continuum.state.StateStore;
import io.continuum.state.StateTooLargeException;
import io.continuum.state.StateUnavailableException;
import io.continuum.state.Write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * State in Azure Table Storage: partition key = partition, row key = key, the data split over
 * string properties ({@link EntityLayout}). Conditional writes send the row's ETag as If-Match.
 * Transient failures are retried with exponential backoff by the SDK's retry policy; what still
 * fails is a {@link StateUnavailableException}. The table is created on first use.
 */
public final class TableStateStore implements StateStore {

    /**
     * Node rows per partition before an infrastructure's are spread over more. Azure's scalability
     * target for one partition is 2,000 entities per second, and Azurite finds an entity by scanning
     * its partition: 100 replaces cost it 31–44 ms in a partition of 1,000 rows, 66–71 ms in one of
     * 10,000, 17–26 ms in partitions of 100 (bench/README.md, issue 17). In Azurite-only runs of the
     * bench a 10,000-node deploy took 9.9–10.0 s at 500 and 10.9–11.2 s at 1,000; each more partition
     * costs every read of the nodes one request.
     */
    static final int ROWS_PER_PARTITION = 500;

    /** Azure refuses transactions whose payload exceeds 4 MiB; entity sizes are a close estimate. */
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    private static final String ETAG_PROPERTY = "odata.etag";
    /** Names each write uniquely, so a retried write can tell its own earlier success from a conflict. */
    private static final String WRITE_ID = "WriteId";

    private final TableClient table;

    private TableStateStore(TableClient table) {
        this.table = table;
    }

    /** Builds the client from settings; the connection string is never part of an error message. */
    public static TableStateStore connect(TableSettings settings) {
        TableClient client;
        try {
            client = new TableClientBuilder()
                    .connectionString(settings.connectionString())
                    .tableName(settings.tableName())
                    .addPolicy(new BatchEtags())
                    .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                            .setMaxRetries(settings.maxRetries())
                            .setBaseDelay(settings.retryDelay())
                            .setMaxDelay(settings.maxRetryDelay())))
                    .clientOptions(new HttpClientOptions()
                            .setConnectTimeout(settings.tryTimeout())
                            .setResponseTimeout(settings.tryTimeout())
                            .setReadTimeout(settings.tryTimeout())
                            .setWriteTimeout(settings.tryTimeout()))
                    .buildClient();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the state table's storage connection string is not valid ("
                    + e.getClass().getSimpleName() + "); check continuum.state.table.connection-string or AzureWebJobsStorage");
        }
        return new TableStateStore(client);
    }

    /** Where the state lives, for logs: account and table, no credentials. */
    public String describe() {
        return "account " + table.getAccountName() + ", table " + table.getTableName();
    }

    @Override
    public Optional<Row> get(String partition, String key) {
        RowRules.checkKey("partition", partition);
        RowRules.checkKey("key", key);
        return read(partition, key).map(TableStateStore::row);
    }

    private Optional<TableEntity> read(String partition, String key) {
        return call("read " + describeRow(partition, key), () -> {
            try {
                return Optional.of(table.getEntityWithResponse(partition, key, null, null, Context.NONE).getValue());
            } catch (TableServiceException e) {
                if (isNotFound(code(e))) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<Row> list(String partition, String keyPrefix) {
        RowRules.checkKey("partition", partition);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        String filter = "PartitionKey eq " + quote(partition);
        if (!keyPrefix.isEmpty()) {
            filter += " and RowKey ge " + quote(keyPrefix);
            char last = keyPrefix.charAt(keyPrefix.length() - 1);
            if (last != Character.MAX_VALUE) {
                filter += " and RowKey lt " + quote(keyPrefix.substring(0, keyPrefix.length() - 1) + (char) (last + 1));
            }
        }
        String query = filter;
        return call("list the rows of partition '" + partition + "' starting with '" + keyPrefix + "'", () -> query(query).stream()
                .filter(r -> r.key().startsWith(keyPrefix))
                .toList());
    }

    @Override
    public List<Row> listByKey(String key) {
        RowRules.checkKey("key", key);
        return call("list the rows with key '" + key + "'", () -> query("RowKey eq " + quote(key)));
    }

    @Override
    public Row insert(String partition, String key, String data) {
        TableEntity entity = entity(partition, key, data, null);
        return call("insert " + describeRow(partition, key), () -> {
            try {
                return written(entity, table.createEntityWithResponse(entity, null, Context.NONE));
            } catch (TableServiceException e) {
                if (status(e) == 409) {
                    return alreadyWritten(List.of(new TableTransactionAction(TableTransactionActionType.CREATE, entity))).orElseThrow(() -> conflict(partition, key, "already exists")).get(0);
                }
                throw e;
            }
        });
    }

    @Override
    public Row replace(Row current, String data) {
        TableEntity entity = entity(current.partition(), current.key(), data, current.etag());
        return call("replace " + describeRow(current.partition(), current.key()), () -> {
            try {
                return written(entity, table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null, Context.NONE));
            } catch (TableServiceException e) {
                if (status(e) == 412) {
                    return alreadyWritten(List.of(new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, entity)))
                            .orElseThrow(() -> conflict(current.partition(), current.key(), "has changed (stale ETag)")).get(0);
                }
                throw status(e) == 404 && isNotFound(code(e))
                        ? conflict(current.partition(), current.key(), "no longer exists") : e;
            }
        });
    }

    @Override
    public Row upsert(String partition, String key, String data) {
        TableEntity entity = entity(partition, key, data, null);
        return call("upsert " + describeRow(partition, key),
                () -> written(entity, table.upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, Context.NONE)));
    }

    @Override
    public void delete(Row current) {
        TableEntity entity = entity(current.partition(), current.key(), "", current.etag());
        call("delete " + describeRow(current.partition(), current.key()), () -> {
            try {
                table.deleteEntityWithResponse(entity, true, null, Context.NONE);
            } catch (TableServiceException e) {
                if (status(e) == 412) {
                    throw conflict(current.partition(), current.key(), "has changed (stale ETag)");
                }
                if (!isNotFound(code(e))) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Returns the written rows in the order of the writes; deletions add none. */
    @Override
    public List<Row> batch(String partition, List<Write> writes) {
        RowRules.checkBatch(partition, writes);
        List<TableTransactionAction> actions = new ArrayList<>();
        long bytes = 0;
        for (Write w : writes) {
            Map<String, Object> properties = EntityLayout.properties(partition, w.key(), w.kind() == Write.Kind.DELETE ? "" : w.data());
            bytes += EntityLayout.entityBytes(partition, w.key(), properties);
            TableEntity entity = entity(partition, w.key(), properties, w.etag());
            actions.add(switch (w.kind()) {
                case INSERT -> new TableTransactionAction(TableTransactionActionType.CREATE, entity);
                case REPLACE -> new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, entity, true);
                case UPSERT -> new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, entity);
                case DELETE -> new TableTransactionAction(TableTransactionActionType.DELETE, entity, w.etag() != null);
            });
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw new StateTooLargeException("a batch of " + writes.size() + " writes to partition '" + partition + "' is about "
                    + bytes + " bytes; Table Storage takes at most " + MAX_BATCH_BYTES + " bytes (4 MiB) per batch");
        }
        if (actions.isEmpty()) {
            return List.of();
        }
        return call("write a batch of " + writes.size() + " rows to partition '" + partition + "'", () -> {
            try {
                return submit(partition, actions);
            } catch (ConflictException e) {
                return alreadyWritten(actions).orElseThrow(() -> e);
            }
        });
    }

    /**
     * The SDK retries a request whose answer was lost; when the first try had been applied, the
     * retry of a conditional write fails as a conflict with itself. Every written entity carries a
     * fresh {@value #WRITE_ID} property, so before reporting a conflict the rows are read: when
     * each holds this very write (and each deleted row is gone), the write was applied, by us.
     *
     * @return the written rows (deletions add none), or empty for a real conflict
     */
    private Optional<List<Row>> alreadyWritten(List<TableTransactionAction> sent) {
        List<Row> rows = new ArrayList<>();
        for (TableTransactionAction action : sent) {
            TableEntity e = action.getEntity();
            Optional<TableEntity> now = read(e.getPartitionKey(), e.getRowKey());
            Object writeId = e.getProperties().get(WRITE_ID);
            if (action.getActionType() == TableTransactionActionType.DELETE) {
                if (now.isPresent()) {
                    return Optional.empty();
                }
            } else if (now.isEmpty() || !writeId.equals(now.get().getProperties().get(WRITE_ID))) {
                return Optional.empty();
            } else {
                rows.add(row(now.get()));
            }
        }
        return Optional.of(rows);
    }

    @Override
    public int rowsPerPartition() {
        return ROWS_PER_PARTITION;
    }

    @Override
    public boolean ping() {
        try {
            table.listEntities(new ListEntitiesOptions().setTop(1), null, Context.NONE).iterableByPage().iterator().hasNext();
            return true;
        } catch (HttpResponseException e) {
            return status(e) == 404; // answered: only the table is missing, and the first write creates it
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Submits a transaction. Deleting an absent row is fine for this port but fails a Table
     * transaction (404), so such deletions are dropped and the rest is submitted again.
     */
    private List<Row> submit(String partition, List<TableTransactionAction> actions) {
        List<TableTransactionAction> pending = new ArrayList<>(actions);
        while (true) {
            if (pending.isEmpty()) {
                return List.of();
            }
            try {
                AtomicReference<List<String>> etags = new AtomicReference<>();
                table.submitTransactionWithResponse(pending, null, BatchEtags.capturingInto(etags));
                if (etags.get() == null || etags.get().size() != pending.size()) {
                    throw new IllegalStateException("Table Storage's answer to a batch of " + pending.size()
                            + " writes did not carry one ETag per write");
                }
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    TableTransactionAction action = pending.get(i);
                    if (action.getActionType() != TableTransactionActionType.DELETE) {
                        rows.add(row(action.getEntity(), etags.get().get(i)));
                    }
                }
                return rows;
            } catch (TableTransactionFailedException e) {
                Integer index = e.getFailedTransactionActionIndex();
                if (index == null) {
                    throw e;
                }
                TableTransactionAction failed = pending.get(index);
                TableErrorCode code = code(e);
                if (failed.getActionType() == TableTransactionActionType.DELETE && isNotFound(code)) {
                    pending.remove((int) index);
                    continue;
                }
                String key = failed.getEntity().getRowKey();
                if (code == TableErrorCode.ENTITY_ALREADY_EXISTS) {
                    throw conflict(partition, key, "already exists");
                }
                if (code == TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED) {
                    throw conflict(partition, key, "has changed (stale ETag)");
                }
                if (isNotFound(code)) {
                    throw conflict(partition, key, "no longer exists");
                }
                throw e;
            }
        }
    }

    /** Rows matching an OData filter; none while the table does not exist (a query answers 404 only then). */
    private List<Row> query(String filter) {
        List<Row> rows = new ArrayList<>();
        try {
            table.listEntities(new ListEntitiesOptions().setFilter(filter), null, Context.NONE).forEach(e -> rows.add(row(e)));
        } catch (HttpResponseException e) {
            if (status(e) != 404) {
                throw e;
            }
        }
        return rows;
    }

    /**
     * Runs one request against the table, creating the table when the answer is that it is missing
     * (so an existing table costs nothing extra), and turns what went wrong into the port's
     * exceptions. Conflicts and size errors pass through as they are.
     */
    private <T> T call(String what, Supplier<T> request) {
        try {
            try {
                return request.get();
            } catch (TableServiceException e) {
                if (code(e) != TableErrorCode.TABLE_NOT_FOUND) {
                    throw e;
                }
                createTable();
                return request.get();
            }
        } catch (ConflictException | StateTooLargeException e) {
            throw e;
        } catch (HttpResponseException e) {
            int status = status(e);
            TableErrorCode code = e instanceof TableServiceException t ? code(t) : null;
            String reason = "answered " + status + (code == null ? "" : " " + code);
            if (status == 429 || status >= 500) {
                throw new StateUnavailableException("Table Storage could not " + what + ": it " + reason + " after retries", e);
            }
            throw new IllegalStateException("Table Storage refused to " + what + ": it " + reason, e);
        } catch (RuntimeException e) {
            throw new StateUnavailableException("Table Storage could not " + what + ": " + e.getClass().getSimpleName()
                    + " after retries", e);
        }
    }

    private void createTable() {
        try {
            table.createTable();
        } catch (TableServiceException e) {
            if (code(e) != TableErrorCode.TABLE_ALREADY_EXISTS) { // another instance was first
                throw e;
            }
        }
    }

    private static TableEntity entity(String partition, String key, String data, String etag) {
        RowRules.checkKey("partition", partition);
        RowRules.checkKey("key", key);
        if (data == null) {
            throw new IllegalArgumentException("write of key '" + key + "' has no data");
        }
        return entity(partition, key, EntityLayout.properties(partition, key, data), etag);
    }

    private static TableEntity entity(String partition, String key, Map<String, Object> properties, String etag) {
        TableEntity entity = new TableEntity(partition, key);
        properties.forEach(entity::addProperty);
        entity.addProperty(WRITE_ID, UUID.randomUUID().toString());
        if (etag != null) {
            entity.addProperty(ETAG_PROPERTY, etag);
        }
        return entity;
    }

    private static Row written(TableEntity entity, Response<Void> response) {
        return row(entity, headerEtag(response.getHeaders().getValue(HttpHeaderName.ETAG)));
    }

    /**
     * The SDK's TableScrubEtagPolicy cuts the closing quote off a weak ETag header
     * ({@code W/"datetime'…'"} arrives as {@code W/"datetime'…'}), and the service refuses
     * that as If-Match (400). Entities read back carry the whole ETag; restore it here.
     */
    static String headerEtag(String etag) {
        return etag != null && etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
    }

    private static boolean isNotFound(TableErrorCode code) {
        return code == TableErrorCode.RESOURCE_NOT_FOUND || code == TableErrorCode.ENTITY_NOT_FOUND;
    }

    private static Row row(TableEntity entity) {
        return row(entity, entity.getETag());
    }

    private static Row row(TableEntity entity, String etag) {
        Map<String, Object> properties = entity.getProperties();
        return new Row(entity.getPartitionKey(), entity.getRowKey(), EntityLayout.data(properties), etag);
    }

    private static ConflictException conflict(String partition, String key, String what) {
        return new ConflictException(describeRow(partition, key) + " " + what);
    }

    private static String describeRow(String partition, String key) {
        return "row '" + key + "' of partition '" + partition + "'";
    }

    private static int status(HttpResponseException e) {
        return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    }

    private static TableErrorCode code(TableServiceException e) {
        return e.getValue() == null ? null : e.getValue().getErrorCode();
    }

    /** An OData string literal: single quotes doubled. */
    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
