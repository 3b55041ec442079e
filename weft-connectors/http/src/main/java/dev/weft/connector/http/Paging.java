package dev.weft.connector.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Inputs;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How {@code http.paginate} finds the next page, read from its {@code pagination} input: the {@code Link}
 * header's {@code rel="next"}, a cursor from each body, or a page number or offset in a query parameter.
 * Immutable.
 *
 * @param cursor the pointer in the body to the next cursor (style cursor), or null
 * @param lastItem the pointer inside the page's last item to the next cursor (style cursor), or null
 * @param hasMore the pointer in the body to a boolean that is false on the last page, or null
 * @param size the page size (styles page and offset), or 0 when not known
 */
record Paging(Style style, String param, JsonPointer cursor, JsonPointer lastItem, JsonPointer hasMore,
        long start, int size, String sizeParam) {

    enum Style {
        LINK, CURSOR, PAGE, OFFSET
    }

    /** Where the next page is: its URI, its page number or offset, and the cursor sent to get it. */
    record Next(URI uri, long position, String cursor) {
    }

    static final int MAX_SIZE = 10_000;
    private static final String FIELD = "pagination";

    static Paging of(Inputs inputs, JsonNode pagination) throws ConnectorException {
        if (pagination == null || !pagination.isObject()) {
            throw inputs.invalid(FIELD, "is required: an object such as {\"style\": \"cursor\", \"cursor\":"
                    + " \"/next\", \"param\": \"cursor\"}; the styles are link, cursor, page and offset");
        }
        // errors read "http.paginate pagination: 'style' ...", as a trigger's read "files.new config: ..."
        Inputs in = new Inputs(inputs.what() + " " + FIELD, inputs.code());
        String style = in.text(pagination, "style", null);
        return switch (style == null ? "" : style) {
            case "link" -> {
                in.requireObject(pagination, Set.of("style"));
                yield new Paging(Style.LINK, null, null, null, null, 0, 0, null);
            }
            case "cursor" -> {
                in.requireObject(pagination, Set.of("style", "cursor", "lastItem", "param", "hasMore"));
                JsonPointer cursor = Pointers.of(in, pagination, "cursor", null);
                JsonPointer lastItem = Pointers.of(in, pagination, "lastItem", null);
                if ((cursor == null) == (lastItem == null)) {
                    throw in.invalid("cursor", "or 'lastItem' is required, not both: the pointer to the next"
                            + " cursor in the body (\"/meta/next\"), or in the page's last item (\"/id\")");
                }
                yield new Paging(Style.CURSOR, in.required(pagination, "param", "cursor"), cursor, lastItem,
                        Pointers.of(in, pagination, "hasMore", null), 0, 0, null);
            }
            case "page", "offset" -> {
                boolean page = style.equals("page");
                in.requireObject(pagination, Set.of("style", "param", "start", "size", "sizeParam"));
                int size = in.integer(pagination, "size", 0, page ? 0 : 1, MAX_SIZE);
                if (!page && size == 0) {
                    throw in.invalid("size", "is required with style offset: the number of items a page"
                            + " holds, for example 100");
                }
                String sizeParam = in.text(pagination, "sizeParam", page ? null : "limit");
                if (sizeParam != null && size == 0) {
                    throw in.invalid("sizeParam", "needs 'size', the value to send in it");
                }
                yield new Paging(page ? Style.PAGE : Style.OFFSET,
                        in.text(pagination, "param", page ? "page" : "offset"), null, null, null,
                        in.integer(pagination, "start", page ? 1 : 0, 0, Integer.MAX_VALUE), size, sizeParam);
            }
            default -> throw in.invalid("style", "must be one of link, cursor, page and offset, but was "
                    + (style == null ? "missing" : "'" + style + "'"));
        };
    }

    /** The first page. */
    Next first(URI uri) {
        return switch (style) {
            case LINK, CURSOR -> new Next(uri, 0, null);
            case PAGE, OFFSET -> {
                URI first = withParam(uri, param, Long.toString(start));
                yield new Next(
                        sizeParam == null ? first : withParam(first, sizeParam, Integer.toString(size)),
                        start, null);
            }
        };
    }

    /**
     * The page after {@code current}, or null when {@code current} was the last.
     *
     * @param origin the only origin a Link may lead to
     */
    Next next(Next current, HttpTransport.Response headers, JsonNode body, ArrayNode items, URI origin,
            String target)
            throws ConnectorException {
        return switch (style) {
            case LINK -> link(current, headers, origin, target);
            case CURSOR -> cursor(current, body, items, target);
            case PAGE, OFFSET -> {
                if (items.isEmpty() || size > 0 && items.size() < size) {
                    yield null; // an empty or a short page is the last
                }
                long position = style == Style.PAGE
                        ? current.position() + 1
                        : current.position() + items.size();
                yield new Next(withParam(current.uri(), param, Long.toString(position)), position, null);
            }
        };
    }

    private static Next link(Next current, HttpTransport.Response headers, URI origin, String target)
            throws ConnectorException {
        String link = LinkHeader
                .find(headers.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("Link"))
                        .map(java.util.Map.Entry::getValue).toList(), "next");
        if (link == null) {
            return null;
        }
        URI next;
        try {
            next = current.uri().resolve(new URI(link));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw failure(target + " sent a Link to its next page that is not a URL: " + e.getMessage());
        }
        if (next.getScheme() == null || next.getHost() == null || next.getRawUserInfo() != null
                || !RequestInput.sameOrigin(next, origin)) {
            throw failure(target + " sent a Link to its next page " + RequestInput.withoutQuery(next)
                    + " outside " + RequestInput.withoutQuery(origin.resolve("/"))
                    + ": pages are read from the first page's origin (the system's baseUrl) only, so that"
                    + " the credential goes nowhere else");
        }
        if (next.equals(current.uri())) {
            throw failure(target + " sent a Link to itself as its next page");
        }
        return new Next(next, 0, null);
    }

    private Next cursor(Next current, JsonNode body, ArrayNode items, String target)
            throws ConnectorException {
        if (hasMore != null) {
            JsonNode more = body.at(hasMore);
            if (!more.isBoolean()) {
                throw failure(target + " answered a body whose 'pagination.hasMore' (" + hasMore
                        + ") is " + (more.isMissingNode() ? "missing" : more.getNodeType().toString())
                        + ", not true or false");
            }
            if (!more.booleanValue()) {
                return null;
            }
        }
        JsonNode value;
        if (cursor != null) {
            value = body.at(cursor);
        } else {
            value = items.isEmpty() ? null : items.get(items.size() - 1).at(lastItem);
        }
        if (value == null || value.isMissingNode() || value.isNull()
                || value.isTextual() && value.textValue().isEmpty()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw failure(target + " answered a cursor that is " + value.getNodeType()
                    + ", not a string or number: point 'pagination."
                    + (cursor != null ? "cursor" : "lastItem")
                    + "' at it");
        }
        String next = value.asText();
        if (next.equals(current.cursor())) {
            throw failure(target + " answered the same cursor as the page before: it would be read again");
        }
        return new Next(withParam(current.uri(), param, next), 0, next);
    }

    private static ConnectorException failure(String message) {
        return ConnectorException.permanent("http.pagination", message, null, null);
    }

    /** {@code uri} with query parameter {@code name} set to {@code value} alone, other parameters kept. */
    static URI withParam(URI uri, String name, String value) {
        List<String> kept = new ArrayList<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!key.equals(name)) {
                    kept.add(pair);
                }
            }
        }
        kept.add(encode(name) + "=" + encode(value));
        String s = uri.toString();
        int cut = s.indexOf('?') >= 0 ? s.indexOf('?') : s.indexOf('#') >= 0 ? s.indexOf('#') : s.length();
        return URI.create(s.substring(0, cut) + "?" + String.join("&", kept));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
