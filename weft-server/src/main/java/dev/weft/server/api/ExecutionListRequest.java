package dev.weft.server.api;

import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionTrigger;
import dev.weft.server.http.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /api/v1/executions}, checked: every bad parameter is a 400 {@code query.invalid}
 * naming it and the form it takes. Also the page cursors: base64url of the last row's {@code createdAt}
 * (ISO-8601) and id, opaque to clients.
 *
 * @param query the store query, limited to one row more than the page, to tell whether another follows
 * @param limit rows per page
 */
record ExecutionListRequest(ExecutionQuery query, int limit) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final Set<String> PARAMETERS = Set.of("flow", "status", "trigger", "q", "since", "until",
            "cursor", "limit");

    /** Reads the query parameters; durations in {@code since} and {@code until} count back from {@code now}. */
    static ExecutionListRequest parse(String tenant, Map<String, List<String>> params, Instant now) {
        QueryParams q = QueryParams.check(params, PARAMETERS, Set.of("status", "trigger"));
        ExecutionQuery query = ExecutionQuery.all(tenant).withFlow(flow(q.one("flow")))
                .withStatuses(statuses(q.one("status"))).withTriggers(triggers(q.one("trigger")))
                .withIdPrefix(search(q.one("q")));
        Instant since = q.instant("since", now);
        Instant until = q.instant("until", now);
        if (since != null && until != null && since.isAfter(until)) {
            throw invalid("since (" + since + ") must not be after until (" + until + ")");
        }
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        String cursor = q.one("cursor");
        query = query.withCreatedFrom(since).withCreatedTo(until).withLimit(limit + 1)
                .withAfter(cursor == null ? null : decodeCursor(cursor));
        return new ExecutionListRequest(query, limit);
    }

    /** The page of {@code rows} this request asked for, and the cursor of the next page (null when none). */
    Page page(List<ExecutionRecord> rows) {
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<ExecutionRecord> page = rows.subList(0, limit);
        return new Page(page, encodeCursor(ExecutionQuery.Cursor.of(page.getLast())));
    }

    record Page(List<ExecutionRecord> rows, String nextCursor) {
    }

    static String encodeCursor(ExecutionQuery.Cursor cursor) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((cursor.createdAt() + " " + cursor.id()).getBytes(StandardCharsets.UTF_8));
    }

    static ExecutionQuery.Cursor decodeCursor(String text) {
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(text))).toString();
            int space = decoded.indexOf(' ');
            if (space > 0 && space < decoded.length() - 1) {
                return new ExecutionQuery.Cursor(Instant.parse(decoded.substring(0, space)),
                        decoded.substring(space + 1));
            }
        } catch (IllegalArgumentException | CharacterCodingException | DateTimeParseException e) {
            // answered below, as any other cursor this API did not hand out
        }
        throw invalid("cursor must be the nextCursor of an earlier page, unchanged, but was '" + text
                + "'; leave it out to start from the newest execution");
    }

    private static String flow(String flow) {
        if (flow != null && !flow.matches("[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*")) {
            throw invalid("flow must be namespace/id, but was '" + flow + "'");
        }
        return flow;
    }

    private static Set<String> triggers(String trigger) {
        Set<String> kinds = new java.util.TreeSet<>();
        if (trigger != null) {
            try {
                for (String t : trigger.split(",", -1)) {
                    kinds.add(ExecutionTrigger.filterKind("trigger", t));
                }
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }
        return kinds;
    }

    /** A prefix of ids: printable ASCII without spaces, as execution ids and delivery keys are. */
    private static String search(String q) {
        try {
            return q == null ? null : ExecutionTrigger.idPrefix("q", q);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Set<ExecutionStatus> statuses(String status) {
        Set<ExecutionStatus> statuses = EnumSet.noneOf(ExecutionStatus.class);
        if (status != null) {
            for (String s : status.split(",")) {
                try {
                    statuses.add(ExecutionStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw invalid(
                            "status must be among queued, running, waiting, succeeded, failed, cancelled"
                                    + " (comma separated), but held '" + s + "'");
                }
            }
        }
        return statuses;
    }

    private static ApiException invalid(String message) {
        return QueryParams.invalid(message);
    }
}
