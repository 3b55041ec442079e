package dev.weft.connector.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Example;
import dev.weft.connector.Inputs;
import dev.weft.connector.OperationSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The {@code http.paginate} operation: GETs page after page ({@link Paging}) and returns the items of all
 * of them. Memory stays bounded: at most {@code maxPages} pages, {@code maxItems} items and
 * {@link #MAX_BYTES} bytes of responses are read; reaching a bound with pages left fails the call, or, with
 * {@code onLimit: stop}, returns what was read marked incomplete. Every page is authorized and checked
 * against the egress rules like any request, and a Link never leads off the first page's origin. Stateless.
 */
final class Pagination {
    static final String NAME = "http.paginate";
    static final int DEFAULT_MAX_PAGES = 100;
    static final int MAX_PAGES = 1000;
    static final int DEFAULT_MAX_ITEMS = 10_000;
    static final int MAX_ITEMS = 100_000;
    /** The most response bytes one call reads, all pages together. */
    static final int MAX_BYTES = 32 * 1024 * 1024;
    private static final Inputs INPUTS = Inputs.ofOperation(NAME);
    private static final Set<String> FIELDS = Set.of("url", "path", "query", "headers", "timeout", "items",
            "pagination", "maxPages", "maxItems", "onLimit");

    static final OperationSpec SPEC = new OperationSpec(NAME,
            "Reads every page of a list with GET requests and returns all their items. `items` points at the"
                    + " array in each page's body; `pagination` says how the next page is found: the `Link`"
                    + " header's `rel=\"next\"` (on the same origin as the first page, that is the system's"
                    + " `baseUrl`), a cursor in the body, or a page number or offset in a query parameter."
                    + " At most `maxPages` pages, `maxItems` items and 32 MiB of responses are read; when"
                    + " more remain the call fails (`http.pagination_limit`), or with `onLimit: stop`"
                    + " returns the items read with `complete: false`. Each page is authorized with the"
                    + " system's credential and checked by the egress rules; a failed page fails the call.",
            Schemas.parse(
                    """
                            {"type": "object", "additionalProperties": false,
                             "oneOf": [{"required": ["url"]}, {"required": ["path"]}],
                             "required": ["pagination"],
                             "properties": {
                               %s,
                               "items": {"type": "string", "default": "",
                                         "description": "JSON pointer to the array of items in each page's body, such as /data; \\"\\" when the body is the array (null there counts as no items)."},
                               "pagination": {"type": "object", "required": ["style"], "additionalProperties": false,
                                 "description": "how the next page is found. {style: link}: the Link header's rel=\\"next\\". {style: cursor, cursor: <pointer to the next cursor in the body> (or lastItem: <pointer to it inside the page's last item>), param: <query parameter to send it in>, hasMore: <optional pointer to a boolean, false on the last page>}: stops when there is no cursor. {style: page, param (default page), start (default 1), size, sizeParam} and {style: offset, param (default offset), start (default 0), size (required), sizeParam (default limit)}: the offset grows by the items received; an empty page, or one shorter than size, is the last",
                                 "properties": {
                                   "style": {"enum": ["link", "cursor", "page", "offset"]},
                                   "cursor": {"type": "string"},
                                   "lastItem": {"type": "string"},
                                   "param": {"type": "string", "minLength": 1},
                                   "hasMore": {"type": "string"},
                                   "start": {"type": "integer", "minimum": 0},
                                   "size": {"type": "integer", "minimum": 1, "maximum": 10000},
                                   "sizeParam": {"type": "string", "minLength": 1}}},
                               "maxPages": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
                               "maxItems": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 10000},
                               "onLimit": {"enum": ["fail", "stop"], "default": "fail",
                                           "description": "when maxPages, maxItems or 32 MiB is reached with pages left: fail the call, or stop and return the items read so far with complete false."}}}
                            """
                            .formatted(Schemas.GET_PROPERTIES)),
            Schemas.parse(
                    """
                            {"type": "object", "required": ["items", "pages", "complete"],
                             "properties": {
                               "items": {"type": "array", "description": "the items of every page read, in order"},
                               "pages": {"type": "integer", "description": "how many pages were read"},
                               "complete": {"type": "boolean", "description": "false when onLimit stop ended the reading with pages left"}}}
                            """),
            true, true,
            List.of(new Example("Read every open order, 100 at a time, following a cursor",
                    Schemas.parse(
                            """
                                    {"path": "/orders", "query": {"status": "open", "limit": 100}, "items": "/data",
                                     "pagination": {"style": "cursor", "cursor": "/meta/next_cursor", "param": "cursor"}}
                                    """),
                    Schemas.parse("""
                            {"items": [{"id": 1}, {"id": 2}, {"id": 3}], "pages": 2, "complete": true}
                            """)),
                    new Example("Follow the Link header, reading at most 10 pages",
                            Schemas.parse("""
                                    {"path": "/repos/acme/api/issues", "query": {"per_page": 100},
                                     "pagination": {"style": "link"}, "maxPages": 10, "onLimit": "stop"}
                                    """),
                            null),
                    new Example("Page numbers, 50 per page",
                            Schemas.parse("""
                                    {"path": "/customers", "items": "/results",
                                     "pagination": {"style": "page", "param": "page", "start": 1, "size": 50,
                                                    "sizeParam": "per_page"}}
                                    """),
                            null)));

    private Pagination() {
    }

    static JsonNode run(HttpSystemClient http, Call call) throws ConnectorException {
        JsonNode input = call.input();
        INPUTS.requireObject(input, FIELDS);
        RequestInput request = RequestInput.get(INPUTS, input, http.baseUrl());
        JsonPointer items = Pointers.of(INPUTS, input, "items", "");
        Paging paging = Paging.of(INPUTS, input.get("pagination"));
        int maxPages = INPUTS.integer(input, "maxPages", DEFAULT_MAX_PAGES, 1, MAX_PAGES);
        int maxItems = INPUTS.integer(input, "maxItems", DEFAULT_MAX_ITEMS, 1, MAX_ITEMS);
        String onLimit = INPUTS.text(input, "onLimit", "fail");
        if (!onLimit.equals("fail") && !onLimit.equals("stop")) {
            throw INPUTS.invalid("onLimit", "must be fail or stop, but was '" + onLimit + "'");
        }
        boolean stop = onLimit.equals("stop");
        // Links may lead within the origin the credential belongs to: the system's, or the first page's.
        URI origin = http.baseUrl() != null ? http.baseUrl() : request.uri();
        Instant deadline = http.clock().instant().plus(call.timeout());
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        int pages = 0;
        long bytes = 0;
        Paging.Next page = paging.first(request.uri());
        while (true) {
            if (call.cancellation().cancelled()) {
                throw ConnectorException.retryable("http.interrupted",
                        request.target() + " was cancelled after "
                                + pages + " pages: " + call.cancellation().reason(),
                        null, null);
            }
            Duration left = Duration.between(http.clock().instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw ConnectorException.retryable("http.timeout", request.target() + " timed out after "
                        + pages + " pages (" + call.timeout().toMillis() + " ms for all pages)", null, null);
            }
            RequestInput get = request.withUri(page.uri());
            HttpTransport.Response response;
            try {
                response = http.exchange(get, null, call.trace(), call.cancellation(), get.within(left),
                        (int) (MAX_BYTES - bytes));
            } catch (ConnectorException e) {
                if (!e.code().equals("http.too_large")) {
                    throw e;
                }
                if (stop) {
                    return result(all, pages, false);
                }
                throw limit(request, pages, all.size(), "32 MiB of responses (the most one call reads)");
            }
            bytes += response.body().length;
            pages++;
            JsonNode body = HttpSystemClient.output(get.target(), response).get("body");
            ArrayNode found = Pointers.items(body, items,
                    NAME + ": " + get.target() + " (page " + pages + ")",
                    "items");
            for (JsonNode item : found) {
                if (all.size() == maxItems) {
                    if (stop) {
                        return result(all, pages, false);
                    }
                    throw limit(request, pages, all.size(), "maxItems " + maxItems);
                }
                all.add(item);
            }
            Paging.Next next = paging.next(page, response, body, found, origin, get.target());
            if (next == null) {
                return result(all, pages, true);
            }
            if (pages >= maxPages) {
                if (stop) {
                    return result(all, pages, false);
                }
                throw limit(request, pages, all.size(), "maxPages " + maxPages);
            }
            page = next;
        }
    }

    private static JsonNode result(ArrayNode items, int pages, boolean complete) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("items", items);
        out.put("pages", pages);
        out.put("complete", complete);
        return out;
    }

    private static ConnectorException limit(RequestInput request, int pages, int items, String bound) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("pages", pages);
        details.put("items", items);
        return ConnectorException.permanent("http.pagination_limit", request.target() + ": read " + pages
                + " pages and " + items + " items, reaching " + bound + " with pages left: raise maxPages"
                + " (up to " + MAX_PAGES + ") or maxItems (up to " + MAX_ITEMS + "), narrow the query, or set"
                + " onLimit: stop to accept the items read", details, null);
    }
}
