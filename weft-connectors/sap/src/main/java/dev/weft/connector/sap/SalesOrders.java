package dev.weft.connector.sap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import dev.weft.connector.kit.odata.ODataVersion;

/**
 * A sales order with its items as S/4HANA's sales order APIs take it in one deep insert: OData 2.0's
 * {@code API_SALES_ORDER_SRV} ({@code A_SalesOrder} with {@code to_Item: {results: [...]}}, items by
 * {@code Material}, quantities as decimal strings) or OData 4.0's {@code api_salesorder} ({@code SalesOrder}
 * with {@code _Item: [...]}, items by {@code Product}). Stateless.
 */
final class SalesOrders {

    private SalesOrders() {
    }

    static JsonNode payload(Inputs in, JsonNode input, ODataVersion version) throws ConnectorException {
        ObjectNode order = JsonNodeFactory.instance.objectNode();
        order.put("SalesOrderType", in.text(input, "salesOrderType", "OR"));
        order.put("SalesOrganization", in.required(input, "salesOrganization", "1710"));
        order.put("DistributionChannel", in.required(input, "distributionChannel", "10"));
        order.put("OrganizationDivision", in.required(input, "division", "00"));
        order.put("SoldToParty", in.required(input, "soldToParty", "17100001"));
        String po = in.text(input, "purchaseOrderByCustomer", null);
        if (po != null) {
            order.put("PurchaseOrderByCustomer", po);
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        int n = 0;
        for (JsonNode item : input.path("items")) {
            String field = "items[" + n++ + "]";
            ObjectNode row = items.addObject();
            String material = item.path("material").asText("");
            if (material.isEmpty()) {
                throw in.invalid(field + ".material", "is required: the product's number, such as \"TG11\"");
            }
            JsonNode quantity = item.get("quantity");
            if (quantity == null || !quantity.isNumber() || quantity.decimalValue().signum() <= 0) {
                throw in.invalid(field + ".quantity", "must be a number above 0, such as 2");
            }
            row.put(version == ODataVersion.V2 ? "Material" : "Product", material);
            if (version == ODataVersion.V2) {
                row.put("RequestedQuantity", quantity.decimalValue().toPlainString()); // Edm.Decimal is a string
            } else {
                row.set("RequestedQuantity", quantity);
            }
            if (item.hasNonNull("unit")) {
                row.put("RequestedQuantityUnit", item.get("unit").asText());
            }
        }
        if (items.isEmpty()) {
            throw in.invalid("items", "must hold at least one item, such as [{\"material\": \"TG11\","
                    + " \"quantity\": 2}]");
        }
        if (version == ODataVersion.V2) {
            order.putObject("to_Item").set("results", items);
        } else {
            order.set("_Item", items);
        }
        return order;
    }
}
