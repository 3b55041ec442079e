package dev.weft.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.util.Set;

/**
 * The body of a CRM search ({@code POST /crm/v3/objects/<type>/search}) from a {@code hubspot.search} input,
 * checked against the search API's limits before it is sent: 200 results a page, and no page past the first
 * 10,000 results (HubSpot answers those 400). Stateless.
 */
final class Search {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN",
            "IN",
            "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN");

    private Search() {
    }

    static ObjectNode body(Inputs in, JsonNode input) throws ConnectorException {
        ObjectNode body = NODES.objectNode();
        body.set("filterGroups", filterGroups(in, input.path("filterGroups")));
        ArrayNode sorts = body.putArray("sorts");
        int s = 0;
        for (JsonNode sort : input.path("sorts")) {
            String name = sort.path("propertyName").asText("");
            String direction = sort.path("direction").asText("ASCENDING");
            if (name.isEmpty() || !direction.equals("ASCENDING") && !direction.equals("DESCENDING")) {
                throw in.invalid("sorts[" + s + "]",
                        "must be {\"propertyName\": \"createdate\", \"direction\":"
                                + " \"ASCENDING\" or \"DESCENDING\"}, but was " + sort);
            }
            sorts.addObject().put("propertyName", name).put("direction", direction);
            s++;
        }
        body.set("properties", HubSpotClient.names(in, input, "properties"));
        String query = in.text(input, "query", null);
        if (query != null) {
            body.put("query", query);
        }
        int limit = in.integer(input, "limit", 10, 1, Operations.SEARCH_PAGE_MAX);
        body.put("limit", limit);
        String after = in.text(input, "after", null);
        if (after != null) {
            if (!after.matches("\\d{1,9}")) {
                throw in.invalid("after", "must be the next of the page before, such as \"200\", but was '"
                        + after + "'");
            }
            if (Long.parseLong(after) + limit > Operations.SEARCH_RESULTS_MAX) {
                throw in.invalid("after", "reaches past the search's first " + Operations.SEARCH_RESULTS_MAX
                        + " results, which is as far as HubSpot pages a search: narrow filterGroups instead (for"
                        + " example hs_lastmodifieddate GTE the last result's) and search again from the start");
            }
            body.put("after", after);
        }
        return body;
    }

    private static ArrayNode filterGroups(Inputs in, JsonNode given) throws ConnectorException {
        ArrayNode groups = NODES.arrayNode();
        if (given.isMissingNode() || given.isNull()) {
            return groups;
        }
        if (!given.isArray() || given.size() > 5) {
            throw in.invalid("filterGroups", "must be a list of at most 5 groups, such as [{\"filters\":"
                    + " [{\"propertyName\": \"email\", \"operator\": \"EQ\", \"value\": \"ada@example.com\"}]}]");
        }
        int total = 0;
        for (int g = 0; g < given.size(); g++) {
            JsonNode filters = given.get(g).path("filters");
            if (!filters.isArray() || filters.size() > 6) {
                throw in.invalid("filterGroups[" + g + "].filters", "must be a list of at most 6 filters");
            }
            ArrayNode out = groups.addObject().putArray("filters");
            for (int f = 0; f < filters.size(); f++) {
                JsonNode filter = filters.get(f);
                String where = "filterGroups[" + g + "].filters[" + f + "]";
                String operator = filter.path("operator").asText("");
                if (filter.path("propertyName").asText("").isEmpty() || !OPERATORS.contains(operator)) {
                    throw in.invalid(where, "needs a propertyName and an operator, one of " + OPERATORS
                            + ", but was " + filter);
                }
                ObjectNode one = out.addObject().put("propertyName", filter.get("propertyName").asText())
                        .put("operator", operator);
                // HubSpot's values are text; a number or a boolean is sent as its text.
                for (String field : new String[]{"value", "highValue"}) {
                    if (filter.hasNonNull(field)) {
                        one.put(field, filter.get(field).asText());
                    }
                }
                if (filter.has("values")) {
                    ArrayNode values = one.putArray("values");
                    filter.get("values").forEach(v -> values.add(v.asText()));
                }
                total++;
            }
        }
        if (total > 18) {
            throw in.invalid("filterGroups", "holds " + total + " filters; HubSpot takes 18 at most in all");
        }
        return groups;
    }
}
