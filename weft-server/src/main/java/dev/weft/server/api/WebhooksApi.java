package dev.weft.server.api;

import static dev.weft.server.api.WebhookBodies.checked;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.store.webhook.DeliveryQuery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.outbound.CreatedEndpoint;
import dev.weft.outbound.DeliveryDetail;
import dev.weft.outbound.DeliveryPage;
import dev.weft.outbound.EndpointSpec;
import dev.weft.outbound.MessageDetail;
import dev.weft.outbound.OutboundWebhooks;
import dev.weft.outbound.RotatedSecret;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/webhooks}: a tenant's outbound webhook endpoints (the signing secret shown only when created
 * or rotated), the history of their deliveries with every attempt, and sending again (retry one delivery,
 * replay an endpoint's, send a test event). The contract is docs/design/outbound-webhooks.md. Thread-safe.
 */
public final class WebhooksApi {
    static final int DEFAULT_LIMIT = 100;
    private static final String ENDPOINTS = "/api/v1/webhooks/endpoints";
    private static final Set<String> DELIVERY_PARAMETERS = Set.of("status", "type", "since", "until",
            "cursor", "limit");
    private static final Set<String> REPLAY_PARAMETERS = Set.of("since", "status");

    private final OutboundWebhooks webhooks;
    private final Clock clock;

    public WebhooksApi(OutboundWebhooks webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("POST", ENDPOINTS, this::create),
                Route.api("GET", ENDPOINTS, this::list),
                Route.api("GET", ENDPOINTS + "/{id}", this::get),
                Route.api("PATCH", ENDPOINTS + "/{id}", this::update),
                Route.api("DELETE", ENDPOINTS + "/{id}", this::delete),
                Route.api("POST", ENDPOINTS + "/{id}/rotate-secret", this::rotate),
                Route.api("GET", ENDPOINTS + "/{id}/deliveries", this::deliveries),
                Route.api("POST", ENDPOINTS + "/{id}/replay", this::replay),
                Route.api("POST", ENDPOINTS + "/{id}/test", this::test),
                Route.api("GET", "/api/v1/webhooks/deliveries/{id}", this::delivery),
                Route.api("POST", "/api/v1/webhooks/deliveries/{id}/retry", this::retry),
                Route.api("GET", "/api/v1/webhooks/messages/{id}", this::message));
    }

    // ---- endpoints

    private void create(Exchange x) {
        QueryParams.none(x.query());
        ObjectNode body = WebhookBodies.object(x, WebhookBodies.ENDPOINT_FIELDS, WebhookBodies.INVALID,
                "{\"url\": \"https://example.com/hooks\", \"events\": [\"execution.*\"]}, with optional"
                        + " filter, headers, rateLimit, concurrency, enabled and description");
        EndpointSpec spec = WebhookBodies.endpoint(body, false);
        WebhookBodies.refuseRedacted(spec.headers());
        AuditDigests
                .after(WebhookViews.endpointAudit(spec.url(), spec.events(), spec.filter(), spec.headers(),
                        spec.rateLimit(), spec.concurrency(), spec.enabled() == null || spec.enabled(),
                        spec.description()));
        CreatedEndpoint created = checked(() -> webhooks.create(x.tenant(), spec));
        ObjectNode answer = WebhookViews.endpoint(created.endpoint(), clock.instant());
        answer.put("secret", created.secret());
        withSecret(x, 201, answer);
    }

    /** An answer that holds a signing secret: no cache along the way may keep it. */
    private static void withSecret(Exchange x, int status, ObjectNode answer) {
        try {
            x.send(status, "application/json", Exchange.JSON.writeValueAsBytes(answer),
                    Map.of("Cache-Control", "no-store"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private void list(Exchange x) {
        QueryParams.none(x.query());
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        Instant now = clock.instant();
        webhooks.endpoints(x.tenant()).forEach(e -> items.add(WebhookViews.endpoint(e, now)));
        x.json(200, body);
    }

    private void get(Exchange x) {
        QueryParams.none(x.query());
        x.json(200, WebhookViews.endpoint(endpoint(x), clock.instant()));
    }

    private void update(Exchange x) {
        QueryParams.none(x.query());
        WebhookEndpoint before = endpoint(x);
        ObjectNode body = WebhookBodies.object(x, WebhookBodies.ENDPOINT_FIELDS, WebhookBodies.INVALID,
                "any fields of an endpoint (url, events, filter, headers, rateLimit, concurrency, enabled,"
                        + " description); null clears an optional one");
        EndpointSpec given = WebhookBodies.endpoint(body, true);
        boolean moves = given.url() != null && !WebhookBodies.sameOrigin(given.url(), before.url());
        EndpointSpec change = new EndpointSpec(given.url(), given.events(), given.filter(),
                WebhookBodies.keepRedacted(given.headers(), before.headers(), moves), given.rateLimit(),
                given.concurrency(), given.enabled(), given.description(), given.clear());
        AuditDigests.before(WebhookViews.endpointAudit(before));
        AuditDigests.after(WebhookViews.endpointAudit(
                change.url() != null ? change.url() : before.url(),
                change.events() != null ? change.events() : before.events(),
                kept(change, "filter", change.filter(), before.filter()),
                kept(change, "headers", change.headers(), before.headers()),
                kept(change, "rateLimit", change.rateLimit(), before.rateLimit()),
                kept(change, "concurrency", change.concurrency(), before.concurrency()),
                change.enabled() != null ? change.enabled() : before.enabled(),
                kept(change, "description", change.description(), before.description())));
        WebhookEndpoint after = checked(() -> webhooks.update(x.tenant(), before.id(), change))
                .orElseThrow(() -> gone(before.id()));
        x.json(200, WebhookViews.endpoint(after, clock.instant()));
    }

    /** An optional field after an update: cleared, changed, or kept. */
    private static <T> T kept(EndpointSpec change, String field, T given, T before) {
        return change.clear().contains(field) ? null : given != null ? given : before;
    }

    private void delete(Exchange x) {
        QueryParams.none(x.query());
        WebhookEndpoint before = endpoint(x);
        AuditDigests.before(WebhookViews.endpointAudit(before));
        if (!webhooks.delete(x.tenant(), before.id())) {
            throw gone(before.id());
        }
        x.send(204, null, new byte[0], Map.of());
    }

    private void rotate(Exchange x) {
        QueryParams.none(x.query());
        WebhookEndpoint before = endpoint(x);
        // Secret-free: the rotation's audit view is the secret's version, never a digest of a secret.
        AuditDigests.before(AuditDigests.fields("id", before.id(), "secretVersion", before.secretVersion()));
        AuditDigests
                .after(AuditDigests.fields("id", before.id(), "secretVersion", before.secretVersion() + 1));
        RotatedSecret rotated = checked(() -> webhooks.rotateSecret(x.tenant(), before.id()))
                .orElseThrow(() -> gone(before.id()));
        ObjectNode answer = Exchange.JSON.createObjectNode();
        answer.put("secret", rotated.secret());
        // As stored (and shown by a GET later), which may be less precise than the facade's instant.
        Instant until = rotated.endpoint().previousSecretUntil() != null
                ? rotated.endpoint().previousSecretUntil()
                : rotated.previousSecretExpiresAt();
        answer.put("previousSecretExpiresAt", until == null ? null : until.toString());
        answer.set("endpoint", WebhookViews.endpoint(rotated.endpoint(), clock.instant()));
        withSecret(x, 200, answer);
    }

    // ---- history and control

    private void deliveries(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), DELIVERY_PARAMETERS, Set.of("status", "type"));
        WebhookEndpoint endpoint = endpoint(x);
        Instant now = clock.instant();
        Instant since = q.instant("since", now);
        Instant until = q.instant("until", now);
        if (since != null && until != null && until.isBefore(since)) {
            throw QueryParams.invalid("until (" + until + ") is before since (" + since + "); give an until"
                    + " at or after since, or leave one out");
        }
        String cursor = q.one("cursor");
        if (cursor != null && !cursor.matches("[A-Za-z0-9_.:-]{1,200}")) {
            throw QueryParams.invalid("cursor must be the next of the previous page, unchanged, but was '"
                    + cursor + "'; leave it out for the first page");
        }
        DeliveryPage page = webhooks.deliveries(new DeliveryQuery(x.tenant(), endpoint.id(), null,
                statuses(q.one("status"), "status"), types(q.one("type")), since, until, cursor,
                q.limit(DEFAULT_LIMIT, DeliveryQuery.MAX_LIMIT)));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(d -> items.add(WebhookViews.delivery(d)));
        body.put("next", page.next());
        x.json(200, body);
    }

    private void replay(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), REPLAY_PARAMETERS, Set.of("status"));
        WebhookEndpoint endpoint = endpoint(x);
        Instant since = q.instant("since", clock.instant());
        if (since == null) {
            throw QueryParams
                    .invalid("since is required: the deliveries created at or after it are sent again"
                            + " (an ISO-8601 instant, or a duration ago such as 24h)");
        }
        String status = q.one("status");
        Set<DeliveryStatus> statuses = status == null
                ? Set.of(DeliveryStatus.FAILED)
                : statuses(status, "status");
        int replayed = checked(() -> webhooks.replay(x.tenant(), endpoint.id(), since, statuses))
                .orElseThrow(() -> gone(endpoint.id()));
        ObjectNode body = Exchange.JSON.createObjectNode();
        body.put("replayed", replayed);
        x.json(202, body);
    }

    private void test(Exchange x) {
        QueryParams.none(x.query());
        WebhookEndpoint endpoint = endpoint(x);
        ObjectNode body = WebhookBodies.object(x, Set.of("type", "payload"), WebhookBodies.INVALID,
                "{\"type\": \"execution.failed\"}, with an optional \"payload\" (else the type's example)");
        String type = WebhookBodies.text(body, "type");
        JsonNode payload = body.get("payload");
        WebhookDelivery sent = checked(() -> webhooks.test(x.tenant(), endpoint.id(), type,
                payload == null || payload.isNull() ? null : payload))
                .orElseThrow(() -> gone(endpoint.id()));
        x.json(202, WebhookViews.delivery(sent));
    }

    private void delivery(Exchange x) {
        QueryParams.none(x.query());
        DeliveryDetail detail = webhooks.delivery(x.tenant(), x.param("id"))
                .orElseThrow(() -> ApiException.notFound("no delivery " + x.param("id")));
        x.json(200, WebhookViews.deliveryDetail(detail));
    }

    private void retry(Exchange x) {
        QueryParams.none(x.query());
        WebhookDelivery retried = checked(() -> webhooks.retry(x.tenant(), x.param("id")))
                .orElseThrow(() -> ApiException.notFound("no delivery " + x.param("id")));
        x.json(202, WebhookViews.delivery(retried));
    }

    private void message(Exchange x) {
        QueryParams.none(x.query());
        MessageDetail detail = webhooks.message(x.tenant(), x.param("id"))
                .orElseThrow(() -> ApiException.notFound("no message " + x.param("id")));
        ObjectNode body = WebhookViews.message(detail.message());
        ArrayNode deliveries = body.putArray("deliveries");
        detail.deliveries().forEach(d -> deliveries.add(WebhookViews.deliveryWithHistory(d)));
        x.json(200, body);
    }

    // ---- helpers

    private WebhookEndpoint endpoint(Exchange x) {
        return webhooks.endpoint(x.tenant(), x.param("id"))
                .orElseThrow(() -> ApiException.notFound("no webhook endpoint " + x.param("id")));
    }

    private static ApiException gone(String id) {
        return ApiException.notFound("no webhook endpoint " + id + " (it was deleted meanwhile)");
    }

    private static Set<DeliveryStatus> statuses(String list, String parameter) {
        if (list == null) {
            return Set.of();
        }
        List<DeliveryStatus> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(DeliveryStatus.ofWireName(part.strip()));
            } catch (IllegalArgumentException e) {
                throw QueryParams.invalid(parameter + ": " + e.getMessage() + "; comma separated");
            }
        }
        if (out.isEmpty()) {
            throw QueryParams.invalid(parameter + " must name pending, succeeded or failed, comma separated");
        }
        return Set.copyOf(out);
    }

    private static Set<String> types(String list) {
        if (list == null) {
            return Set.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            if (!EventFeed.isTypeName(part.strip())) {
                throw QueryParams.invalid("type must be event types (dotted lower-case words such as"
                        + " execution.failed or invoice.approved), comma separated, but held '" + part.strip()
                        + "'");
            }
            out.add(part.strip());
        }
        if (out.isEmpty() || out.size() > EventsApi.MAX_TYPES) {
            throw QueryParams.invalid("type must name 1 to " + EventsApi.MAX_TYPES + " event types, comma"
                    + " separated, but named " + out.size() + "; leave it out for every type");
        }
        return Set.copyOf(out);
    }
}
