package dev.weft.server.api;

import dev.weft.engine.flow.Instants;
import dev.weft.connector.Suggestions;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
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
import java.util.TreeSet;

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
    static final Set<String> PARAMETERS = Set.of("flow", "status", "since", "until", "cursor", "limit");

    /** Reads the query parameters; durations in {@code since} and {@code until} count back from {@code now}. */
    static ExecutionListRequest parse(String tenant, Map<String, List<String>> params, Instant now) {
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            if (!PARAMETERS.contains(p.getKey())) {
                String hint = Suggestions.closest(p.getKey(), PARAMETERS)
                        .map(s -> "; did you mean " + s + "?")
                        .orElse("; parameters: " + String.join(", ", new TreeSet<>(PARAMETERS)));
                throw invalid("'" + p.getKey() + "' is not a parameter of this list" + hint);
            }
            if (p.getValue().size() > 1) {
                throw invalid(p.getKey() + " is given " + p.getValue().size() + " times; give it once"
                        + (p.getKey().equals("status") ? " (a comma-separated list)" : ""));
            }
        }
        ExecutionQuery query = ExecutionQuery.all(tenant).withFlow(flow(one(params, "flow")))
                .withStatuses(statuses(one(params, "status")));
        Instant since = instant("since", one(params, "since"), now);
        Instant until = instant("until", one(params, "until"), now);
        if (since != null && until != null && since.isAfter(until)) {
            throw invalid("since (" + since + ") must not be after until (" + until + ")");
        }
        int limit = limit(one(params, "limit"));
        String cursor = one(params, "cursor");
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

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String flow(String flow) {
        if (flow != null && !flow.matches("[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*")) {
            throw invalid("flow must be namespace/id, but was '" + flow + "'");
        }
        return flow;
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

    private static Instant instant(String name, String value, Instant now) {
        if (value == null) {
            return null;
        }
        return Instants.parse(value, now).orElseThrow(() -> invalid(name + " must be " + Instants.EXPECTED
                + ", but was '" + value + "'"
                + (value.contains(" ") ? " (write '+' in an offset as %2B)" : "")));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit must be from 1 to " + MAX_LIMIT + ", but was '" + value + "'");
        }
        return limit;
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest("query.invalid", message);
    }
}
