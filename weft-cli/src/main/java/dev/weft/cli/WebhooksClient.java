package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A server's outbound webhooks API ({@code /api/v1/webhooks}, docs/design/outbound-webhooks.md "The REST
 * API") as the {@code weft webhooks} commands call it, over the command line's one {@link ServerApi}.
 * Answers are the API's JSON, unchanged. Not thread-safe beyond what {@link ServerApi} is.
 */
final class WebhooksClient {
    static final String ENDPOINTS = "/api/v1/webhooks/endpoints";
    static final String DELIVERIES = "/api/v1/webhooks/deliveries";

    private final ServerApi api;

    WebhooksClient(ServerApi api) {
        this.api = api;
    }

    /** What a command does with the server; its exit code. */
    @FunctionalInterface
    interface Action {
        int run(WebhooksClient client) throws ServerApi.Failure, InterruptedException;
    }

    /**
     * Connects to the server of {@code server}'s options and runs {@code action}; a refusal or a server out
     * of reach is printed on standard error and ends with {@link ServerApi.Failure#exitCode}.
     */
    static int run(ServerOptions server, CommandSpec spec, Action action) throws InterruptedException {
        return ServerApi.with(server, spec, WebhooksClient::new, action::run);
    }

    List<JsonNode> endpoints() throws ServerApi.Failure, InterruptedException {
        return api.items(ENDPOINTS);
    }

    JsonNode endpoint(String id) throws ServerApi.Failure, InterruptedException {
        return api.get(endpointPath(id));
    }

    /** Creates an endpoint; the answer holds its signing {@code secret}, the only time it is shown. */
    JsonNode create(ObjectNode spec) throws ServerApi.Failure, InterruptedException {
        return api.send("POST", ENDPOINTS, spec);
    }

    /** Changes the fields {@code change} has ({@code null} clears an optional one). */
    JsonNode update(String id, ObjectNode change) throws ServerApi.Failure, InterruptedException {
        return api.send("PATCH", endpointPath(id), change);
    }

    void delete(String id) throws ServerApi.Failure, InterruptedException {
        api.send("DELETE", endpointPath(id), null);
    }

    /** {@code {"secret", "previousSecretExpiresAt", "endpoint"}}. */
    JsonNode rotateSecret(String id) throws ServerApi.Failure, InterruptedException {
        return api.send("POST", endpointPath(id) + "/rotate-secret", null);
    }

    /** Which deliveries of an endpoint to list: each null or empty part selects all. */
    record DeliveryFilter(List<String> statuses, List<String> types, Instant since, Instant until) {
        DeliveryFilter {
            statuses = statuses == null ? List.of() : List.copyOf(statuses);
            types = types == null ? List.of() : List.copyOf(types);
        }
    }

    /** One page of an endpoint's deliveries, newest first: {@code {"items", "next"}}. */
    JsonNode deliveries(String endpointId, DeliveryFilter filter, String cursor, int limit)
            throws ServerApi.Failure, InterruptedException {
        Query q = new Query();
        q.add("status", String.join(",", filter.statuses()));
        q.add("type", String.join(",", filter.types()));
        q.add("since", filter.since() == null ? null : filter.since().toString());
        q.add("until", filter.until() == null ? null : filter.until().toString());
        q.add("cursor", cursor);
        q.add("limit", Integer.toString(limit));
        return api.get(endpointPath(endpointId) + "/deliveries" + q);
    }

    /** A delivery with its {@code message} and {@code attempts}. */
    JsonNode delivery(String id) throws ServerApi.Failure, InterruptedException {
        return api.get(DELIVERIES + "/" + ServerApi.encode(id));
    }

    /** Sends a delivery again now; the answer is the delivery, pending. */
    JsonNode retry(String id) throws ServerApi.Failure, InterruptedException {
        return api.send("POST", DELIVERIES + "/" + ServerApi.encode(id) + "/retry", null);
    }

    /** Sends again an endpoint's deliveries of {@code statuses} (empty: the server's default, failed). */
    int replay(String endpointId, Instant since, List<String> statuses)
            throws ServerApi.Failure, InterruptedException {
        Query q = new Query();
        q.add("since", since == null ? null : since.toString());
        q.add("status", statuses == null ? null : String.join(",", statuses));
        return api.send("POST", endpointPath(endpointId) + "/replay" + q, null).path("replayed").asInt();
    }

    /** Sends an example event of {@code type} ({@code payload}, or the catalog's example when null). */
    JsonNode test(String endpointId, String type, JsonNode payload)
            throws ServerApi.Failure, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", type);
        if (payload != null) {
            body.set("payload", payload);
        }
        return api.send("POST", endpointPath(endpointId) + "/test", body);
    }

    private static String endpointPath(String id) {
        return ENDPOINTS + "/" + ServerApi.encode(id);
    }

    /** A query string of the parameters that have a value. */
    private static final class Query {
        private final StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");

        void add(String name, String value) {
            if (value != null && !value.isEmpty()) {
                joined.add(name + "=" + ServerApi.encode(value));
            }
        }

        @Override
        public String toString() {
            return joined.toString();
        }
    }
}
