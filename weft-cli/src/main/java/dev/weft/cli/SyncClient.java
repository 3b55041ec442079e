package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A server's data sync API ({@code /api/v1/sync}, docs/sync.md) as the {@code weft sync} commands and
 * {@code weft deploy} call it, over the command line's one {@link ServerApi}. Answers are the API's JSON,
 * unchanged. Not thread-safe beyond what {@link ServerApi} is.
 */
final class SyncClient {
    static final String JOBS = "/api/v1/sync";

    private final ServerApi api;

    SyncClient(ServerApi api) {
        this.api = api;
    }

    /** What a command does with the server; its exit code. */
    @FunctionalInterface
    interface Action {
        int run(SyncClient client) throws ServerApi.Failure, InterruptedException;
    }

    /**
     * Connects to the server of {@code server}'s options and runs {@code action}; a refusal or a server out
     * of reach is printed on standard error and ends with {@link ServerApi.Failure#exitCode}.
     */
    static int run(ServerOptions server, CommandSpec spec, Action action) throws InterruptedException {
        return ServerApi.with(server, spec, SyncClient::new, action::run);
    }

    /** Every job with where it stands (links, failures, open conflicts, the last run), without sources. */
    List<JsonNode> jobs() throws ServerApi.Failure, InterruptedException {
        return api.items(JOBS);
    }

    /** A job with where it stands, its {@code source} and {@code sha256}. */
    JsonNode job(String id) throws ServerApi.Failure, InterruptedException {
        return api.get(jobPath(id));
    }

    /** A job as {@link #job}, or empty when the server has no such job. */
    Optional<JsonNode> find(String id) throws ServerApi.Failure, InterruptedException {
        try {
            return Optional.of(job(id));
        } catch (ServerApi.Failure f) {
            // A server without the sync API answers not_found ("no route"): that is not "no such job".
            if (f.status == 404 && "sync.not_found".equals(f.code)) {
                return Optional.empty();
            }
            throw f;
        }
    }

    /** Deploys a job file's text; the answer is the job, with {@code created} false when it was unchanged. */
    JsonNode deploy(String id, String source, boolean json) throws ServerApi.Failure, InterruptedException {
        return api.put(jobPath(id), source, json ? "application/json" : "application/yaml");
    }

    /** Queues a run ({@code full}: a resync, comparing every record); the answer is the queued run. */
    JsonNode queue(String id, boolean full) throws ServerApi.Failure, InterruptedException {
        return api.send("POST", jobPath(id) + (full ? "/resync" : "/run"), null);
    }

    /** One page of a job's runs older than run {@code before} (null: from the newest): {@code {"items", "next"}}. */
    JsonNode runs(String id, Long before, int limit) throws ServerApi.Failure, InterruptedException {
        return api.get(jobPath(id) + "/runs?limit=" + limit + (before == null ? "" : "&before=" + before));
    }

    JsonNode run(String id, long run) throws ServerApi.Failure, InterruptedException {
        return api.get(jobPath(id) + "/runs/" + run);
    }

    /** One page of the records that failed, oldest key first: {@code {"items", "next"}}. */
    JsonNode failures(String id, String after, int limit) throws ServerApi.Failure, InterruptedException {
        return api.get(jobPath(id) + "/failures?limit=" + limit
                + (after == null ? "" : "&after=" + ServerApi.encode(after)));
    }

    /** One page of the conflicts in {@code status} (open, resolved, applied or any). */
    JsonNode conflicts(String id, String status, String after, int limit)
            throws ServerApi.Failure, InterruptedException {
        return api.get(jobPath(id) + "/conflicts?status=" + ServerApi.encode(status) + "&limit=" + limit
                + (after == null ? "" : "&after=" + ServerApi.encode(after)));
    }

    JsonNode conflict(String id, String conflict) throws ServerApi.Failure, InterruptedException {
        return api.get(jobPath(id) + "/conflicts/" + ServerApi.encode(conflict));
    }

    /** Resolves a conflict with {@code {"take": ...}} or {@code {"record": {...}}}; applied by the next run. */
    JsonNode resolve(String id, String conflict, JsonNode resolution)
            throws ServerApi.Failure, InterruptedException {
        return api.send("POST", jobPath(id) + "/conflicts/" + ServerApi.encode(conflict) + "/resolve",
                resolution);
    }

    private static String jobPath(String id) {
        return JOBS + "/" + ServerApi.encode(id);
    }
}
