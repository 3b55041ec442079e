package dev.weft.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.AuditQuery;
import dev.weft.engine.store.AuditRecord;
import dev.weft.engine.store.AuditStore;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /api/v1/audit}: the tenant's audit log, newest first in cursor pages; a report over a time range
 * (counts by action and actor, bursts of failed logins, mass deletions); and an export as JSON lines.
 */
public final class AuditApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** At most this many entries are read for one report or export; a longer range is refused. */
    static final int MAX_RANGE = 200_000;
    /** Failed authentications from one address within a minute that make a burst. */
    static final int BURST = 10;
    /** Deletions by one actor within ten minutes that make a mass deletion. */
    static final int MASS_DELETION = 20;
    private static final Set<String> LIST_PARAMETERS = Set.of("actor", "action", "outcome", "since", "until",
            "cursor", "limit");
    private static final Set<String> RANGE_PARAMETERS = Set.of("from", "to");

    private final AuditStore store;
    private final Clock clock;

    public AuditApi(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/audit", this::list),
                Route.api("GET", "/api/v1/audit/report", this::report),
                Route.api("GET", "/api/v1/audit/export", this::export));
    }

    private void list(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), LIST_PARAMETERS, Set.of());
        Long before = null;
        String cursor = q.one("cursor");
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw QueryParams
                        .invalid("cursor: pass back the 'next' of the previous page, but was '" + cursor
                                + "'");
            }
        }
        String outcome = q.one("outcome");
        if (outcome != null && !outcome.equals(AuditEntry.SUCCESS) && !outcome.equals(AuditEntry.FAILURE)) {
            throw QueryParams.invalid("outcome must be success or failure, but was '" + outcome + "'");
        }
        Instant now = clock.instant();
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        List<AuditRecord> page = store
                .entries(new AuditQuery(x.tenant(), q.one("actor"), q.one("action"), outcome,
                        q.instant("since", now), q.instant("until", now), before, limit));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.forEach(r -> items.add(view(r)));
        if (page.size() == limit && page.getLast().seq() > 1) {
            body.put("next", Long.toString(page.getLast().seq()));
        } else {
            body.putNull("next");
        }
        x.json(200, body);
    }

    /** The entries of {@code [from, to)}, oldest first; refused when there are more than {@link #MAX_RANGE}. */
    private List<AuditRecord> range(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), RANGE_PARAMETERS, Set.of());
        Instant now = clock.instant();
        Instant from = q.instant("from", now);
        Instant to = q.instant("to", now);
        if (from == null) {
            throw QueryParams
                    .invalid("from is needed: the start of the range (an ISO-8601 instant, or a duration"
                            + " ago such as 24h)");
        }
        List<AuditRecord> all = new java.util.ArrayList<>();
        Long before = null;
        for (;;) {
            List<AuditRecord> page = store
                    .entries(new AuditQuery(x.tenant(), null, null, null, from, to, before,
                            MAX_LIMIT));
            all.addAll(page);
            if (all.size() > MAX_RANGE) {
                throw QueryParams
                        .invalid("the range holds more than " + MAX_RANGE + " entries; give a shorter"
                                + " one (from and to)");
            }
            if (page.size() < MAX_LIMIT) {
                return all.reversed();
            }
            before = page.getLast().seq();
        }
    }

    private void report(Exchange x) {
        List<AuditRecord> entries = range(x);
        Map<String, Integer> byAction = new TreeMap<>();
        Map<String, Integer> byActor = new TreeMap<>();
        Map<String, Deque<Instant>> failures = new HashMap<>();
        Map<String, Deque<Instant>> deletions = new HashMap<>();
        ArrayNode bursts = Exchange.JSON.createArrayNode();
        ArrayNode massDeletions = Exchange.JSON.createArrayNode();
        int failed = 0;
        for (AuditRecord r : entries) {
            AuditEntry e = r.entry();
            byAction.merge(e.action(), 1, Integer::sum);
            byActor.merge(e.actor(), 1, Integer::sum);
            if (e.outcome().equals(AuditEntry.FAILURE)) {
                failed++;
            }
            if (e.action().startsWith("auth.") && e.clientAddress() != null
                    && within(failures, e.clientAddress(), e.at(), Duration.ofMinutes(1)) == BURST) {
                bursts.add(
                        flag(e.clientAddress(), e.at(), BURST + " failed authentications within a minute"));
            }
            if (e.outcome().equals(AuditEntry.SUCCESS) && (e.action().startsWith("delete")
                    || e.action().startsWith("revoke"))
                    && within(deletions, e.actor(), e.at(), Duration.ofMinutes(10)) == MASS_DELETION) {
                massDeletions.add(flag(e.actor(), e.at(), MASS_DELETION + " deletions within ten minutes"));
            }
        }
        ObjectNode body = Exchange.JSON.createObjectNode();
        body.put("entries", entries.size());
        body.put("failures", failed);
        ObjectNode actions = body.putObject("byAction");
        byAction.forEach(actions::put);
        ObjectNode actors = body.putObject("byActor");
        byActor.forEach(actors::put);
        body.set("failedLoginBursts", bursts);
        body.set("massDeletions", massDeletions);
        x.json(200, body);
    }

    /** Adds {@code at} to {@code who}'s window and returns how many of its times lie within {@code span}. */
    private static int within(Map<String, Deque<Instant>> windows, String who, Instant at, Duration span) {
        Deque<Instant> times = windows.computeIfAbsent(who, k -> new ArrayDeque<>());
        times.addLast(at);
        while (times.getFirst().isBefore(at.minus(span))) {
            times.removeFirst();
        }
        return times.size();
    }

    private static ObjectNode flag(String who, Instant at, String what) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("who", who);
        o.put("at", at.toString());
        o.put("what", what);
        return o;
    }

    private void export(Exchange x) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AuditRecord r : range(x)) {
            out.writeBytes(view(r).toString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        x.send(200, "application/x-ndjson", out.toByteArray(), Map.of());
    }

    /** One entry as the API shows it. */
    public static ObjectNode view(AuditRecord r) {
        AuditEntry e = r.entry();
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("seq", r.seq());
        o.put("tenant", e.tenant());
        o.put("at", e.at().toString());
        o.put("actor", e.actor());
        o.put("action", e.action());
        o.put("resource", e.resource());
        o.put("outcome", e.outcome());
        o.put("status", e.status());
        putNullable(o, "clientAddress", e.clientAddress());
        putNullable(o, "userAgent", e.userAgent());
        putNullable(o, "before", e.before());
        putNullable(o, "after", e.after());
        o.put("previousHash", r.previous());
        o.put("hash", r.hash());
        return o;
    }

    private static void putNullable(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }
}
