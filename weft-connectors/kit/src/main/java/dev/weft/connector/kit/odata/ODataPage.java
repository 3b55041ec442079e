package dev.weft.connector.kit.odata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.kit.JsonApi;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * One page of an entity set as an OData service answers it: v4's {@code {"value": [...],
 * "@odata.nextLink": ..., "@odata.count": n}} or v2's {@code {"d": {"results": [...], "__next": ...,
 * "__count": "n"}}}. The link to the next page is resolved against the service root and must lie under it,
 * so that a link (from the service, or handed back in a step's input) cannot send the system's credential
 * to another host. Immutable.
 *
 * @param items the records, as the service answers them
 * @param nextLink the absolute URL of the next page, or null on the last
 * @param count the number of records in all, when asked for ({@code $count} / {@code $inlinecount}), or null
 */
public record ODataPage(ArrayNode items, String nextLink, Long count) {

    /**
     * Reads a page.
     *
     * @param serviceRoot the service root URL, without a trailing slash
     * @param connector the connector's id, for the error code {@code <connector>.unexpected_answer}
     * @param what the request, for messages: {@code GET /accounts}
     */
    public static ODataPage read(JsonNode body, ODataVersion version, String serviceRoot, String connector,
            String what) throws ConnectorException {
        JsonNode items;
        String next;
        JsonNode count;
        if (version == ODataVersion.V2) {
            JsonNode d = body.path("d");
            items = d.isArray() ? d : d.path("results"); // OData 1.0 JSON answered a bare array under d
            next = d.path("__next").asText(null);
            count = d.get("__count");
        } else {
            items = body.path("value");
            next = body.path("@odata.nextLink").asText(null);
            count = body.get("@odata.count");
        }
        if (!items.isArray()) {
            throw ConnectorException.permanent(connector + ".unexpected_answer", what + " answered "
                    + JsonApi.abbreviate(body.toString()) + " where OData " + (version == ODataVersion.V2
                            ? "2.0 answers {\"d\": {\"results\": [...]}}"
                            : "4.0 answers {\"value\": [...]}"),
                    null, null);
        }
        Long total = count == null || count.isNull() ? null : count.asLong();
        return new ODataPage((ArrayNode) items,
                next == null ? null : under(serviceRoot, next, connector, what + "'s next link"),
                total);
    }

    /** Reads the page at a target (a path under the service root, or a next link). */
    @FunctionalInterface
    public interface Reader {
        ODataPage read(String target) throws ConnectorException;
    }

    /** The most records one list call holds in memory, across its pages; more come with its next link. */
    public static final int MAX_LIST_ITEMS = 50_000;

    /**
     * The pages from {@code first} on, at most {@code maxPages} and while fewer than {@link #MAX_LIST_ITEMS}
     * records are held, as a list operation answers them: {@code {items, nextLink?, count?}}, the next link
     * being where the next call goes on.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode follow(String first, int maxPages,
            Reader reader)
            throws ConnectorException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        ODataPage page = null;
        String target = first;
        for (int n = 0; n < maxPages && target != null && items.size() < MAX_LIST_ITEMS; n++) {
            page = reader.read(target);
            items.addAll(page.items());
            target = page.nextLink();
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("items", items);
        if (target != null) {
            out.put("nextLink", target);
        }
        if (page != null && page.count() != null) {
            out.put("count", page.count());
        }
        return out;
    }

    /** An empty last page. */
    public static ODataPage empty() {
        return new ODataPage(JsonNodeFactory.instance.arrayNode(), null, null);
    }

    /**
     * {@code link} (absolute, or relative to the service root as SAP's v4 services write it) as an absolute
     * URL under {@code serviceRoot}.
     *
     * @throws ConnectorException {@code <connector>.unexpected_answer} when it is not a URL under the root
     */
    public static String under(String serviceRoot, String link, String connector, String what)
            throws ConnectorException {
        String resolved;
        try {
            URI base = new URI(serviceRoot + "/");
            resolved = base.resolve(new URI(link)).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw ConnectorException.permanent(connector + ".unexpected_answer", what + " is not a URL: "
                    + JsonApi.abbreviate(link), null, null);
        }
        if (!resolved.equals(serviceRoot) && !resolved.startsWith(serviceRoot + "/")
                && !resolved.startsWith(serviceRoot + "?") || JsonApi.hasDotSegment(resolved)) {
            throw ConnectorException.permanent(connector + ".unexpected_answer", what + " leads outside the"
                    + " service root " + serviceRoot + ": " + JsonApi.abbreviate(
                            dev.weft.connector.HttpTransport.withoutSecrets(URI.create(resolved))),
                    null, null);
        }
        return resolved;
    }
}
