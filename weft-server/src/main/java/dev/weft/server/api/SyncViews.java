package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.server.http.Exchange;
import dev.weft.sync.SyncJob;
import dev.weft.sync.SyncService;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON the data sync API answers with. Stateless. */
final class SyncViews {
    private SyncViews() {
    }

    static ObjectNode job(SyncService.Status status, boolean withSource) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        var record = status.record();
        o.put("id", record.id());
        o.put("version", record.version());
        o.put("enabled", record.enabled());
        SyncJob job = status.job();
        if (job != null) {
            if (job.description() != null) {
                o.put("description", job.description());
            }
            o.put("direction", job.direction().label());
            o.set("left", side(job.left()));
            o.set("right", side(job.right()));
            if (job.schedule() != null) {
                ObjectNode s = o.putObject("schedule");
                if (job.schedule().cron() != null) {
                    s.put("cron", job.schedule().cron().cron());
                } else {
                    s.put("every", job.schedule().every().toString());
                }
            }
        }
        o.put("links", status.links());
        o.put("failures", status.failures());
        o.put("openConflicts", status.openConflicts());
        o.put("waitingChanges", status.waitingChanges());
        status.lastRun().ifPresent(r -> o.set("lastRun", run(r)));
        o.put("createdAt", record.createdAt().toString());
        o.put("updatedAt", record.updatedAt().toString());
        if (withSource) {
            o.put("sha256", record.sha256());
            o.put("source", record.source());
        }
        return o;
    }

    private static ObjectNode side(dev.weft.sync.SideSpec spec) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("system", spec.system());
        o.put("type", spec.type());
        ArrayNode key = o.putArray("key");
        spec.key().forEach(key::add);
        if (spec.cursor() != null) {
            o.put("cursor", spec.cursor());
        }
        return o;
    }

    static ObjectNode run(SyncRun r) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("id", r.id());
        o.put("job", r.jobId());
        o.put("jobVersion", r.jobVersion());
        o.put("reason", r.reason());
        o.put("full", r.full());
        o.put("status", r.status().label());
        o.set("counts", counts(r.counts()));
        if (r.progress() != null) {
            o.set("progress", json(r.progress()));
        }
        if (r.error() != null) {
            o.put("error", r.error());
        }
        o.put("createdAt", r.createdAt().toString());
        if (r.startedAt() != null) {
            o.put("startedAt", r.startedAt().toString());
        }
        if (r.finishedAt() != null) {
            o.put("finishedAt", r.finishedAt().toString());
        }
        return o;
    }

    static ObjectNode counts(SyncCounts c) {
        return Exchange.JSON.createObjectNode().put("read", c.read()).put("created", c.created())
                .put("updated", c.updated()).put("deleted", c.deleted()).put("unchanged", c.unchanged())
                .put("conflicts", c.conflicts()).put("failed", c.failed());
    }

    static ObjectNode failure(SyncFailure f) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("side", f.side().label());
        o.set("key", json(f.key()));
        o.put("code", f.code());
        o.put("message", f.message());
        o.put("attempts", f.attempts());
        o.put("runId", f.runId());
        o.put("firstFailedAt", f.firstFailedAt().toString());
        o.put("lastFailedAt", f.lastFailedAt().toString());
        return o;
    }

    static ObjectNode conflict(SyncConflict c) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("id", c.id());
        o.put("status", c.status().label());
        o.set("leftKey", json(c.leftKey()));
        o.set("rightKey", json(c.rightKey()));
        ArrayNode fields = o.putArray("fields");
        c.fields().forEach(fields::add);
        o.set("left", json(c.left()));
        o.set("right", json(c.right()));
        if (c.base() != null) {
            o.set("base", json(c.base()));
        }
        if (c.resolution() != null) {
            o.set("resolution", json(c.resolution()));
            o.put("resolvedBy", c.resolvedBy());
            o.put("resolvedAt", c.resolvedAt() == null ? null : c.resolvedAt().toString());
        }
        o.put("createdAt", c.createdAt().toString());
        return o;
    }

    private static JsonNode json(String text) {
        try {
            return Exchange.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON does not parse", e);
        }
    }
}
