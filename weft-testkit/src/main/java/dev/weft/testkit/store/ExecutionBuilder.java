package dev.weft.testkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import java.time.Instant;

/** Builds execution rows for the contract tests, with defaults for whatever a test does not care about. */
final class ExecutionBuilder {

    private String tenantId = ExecutionStore.DEFAULT_TENANT;
    private final String id;
    private String namespace = "acme.orders";
    private String flowId = "ship";
    private int flowVersion = 1;
    private ExecutionStatus status = ExecutionStatus.QUEUED;
    private JsonNode input = Fixtures.json("{\"order\":42}");
    private JsonNode trigger = Fixtures.json("{\"type\":\"webhook\",\"path\":\"orders\"}");
    private JsonNode output;
    private JsonNode error;
    private Instant createdAt = Fixtures.T0;
    private Instant updatedAt = Fixtures.T0;
    private Instant finishedAt;
    private Instant dueAt;
    private String leaseOwner;
    private Instant leaseUntil;
    private long leaseVersion;
    private String parentId;
    private String parentStepPath;

    private ExecutionBuilder(String id) {
        this.id = id;
    }

    static ExecutionBuilder execution(String id) {
        return new ExecutionBuilder(id);
    }

    static ExecutionBuilder from(ExecutionRecord r) {
        return new ExecutionBuilder(r.id()).tenant(r.tenantId())
                .flow(r.namespace(), r.flowId(), r.flowVersion())
                .status(r.status())
                .input(r.input())
                .trigger(r.trigger())
                .output(r.output())
                .error(r.error())
                .createdAt(r.createdAt())
                .updatedAt(r.updatedAt())
                .finishedAt(r.finishedAt())
                .dueAt(r.dueAt())
                .lease(r.leaseOwner(), r.leaseUntil(), r.leaseVersion())
                .parent(r.parentId(), r.parentStepPath());
    }

    ExecutionBuilder tenant(String value) {
        tenantId = value;
        return this;
    }

    ExecutionBuilder flow(String ns, String id, int version) {
        namespace = ns;
        flowId = id;
        flowVersion = version;
        return this;
    }

    ExecutionBuilder status(ExecutionStatus value) {
        status = value;
        return this;
    }

    ExecutionBuilder trigger(JsonNode value) {
        trigger = value;
        return this;
    }

    ExecutionBuilder input(JsonNode value) {
        input = value;
        return this;
    }

    ExecutionBuilder output(JsonNode value) {
        output = value;
        return this;
    }

    ExecutionBuilder error(JsonNode value) {
        error = value;
        return this;
    }

    ExecutionBuilder createdAt(Instant value) {
        createdAt = value;
        return this;
    }

    ExecutionBuilder updatedAt(Instant value) {
        updatedAt = value;
        return this;
    }

    ExecutionBuilder finishedAt(Instant value) {
        finishedAt = value;
        return this;
    }

    ExecutionBuilder dueAt(Instant value) {
        dueAt = value;
        return this;
    }

    ExecutionBuilder lease(String owner, Instant until, long version) {
        leaseOwner = owner;
        leaseUntil = until;
        leaseVersion = version;
        return this;
    }

    ExecutionBuilder parent(String id, String stepPath) {
        parentId = id;
        parentStepPath = stepPath;
        return this;
    }

    ExecutionRecord build() {
        return new ExecutionRecord(tenantId, id, namespace, flowId, flowVersion, status, input, trigger,
                output, error,
                createdAt, updatedAt, finishedAt, dueAt, leaseOwner, leaseUntil, leaseVersion, parentId,
                parentStepPath);
    }
}
