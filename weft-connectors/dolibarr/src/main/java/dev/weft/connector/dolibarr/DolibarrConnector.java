package dev.weft.connector.dolibarr;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code dolibarr} connector: Dolibarr ERP/CRM's REST API (third parties, products, orders, invoices
 * with validation and payment, an invoice from an order). A system holds the Dolibarr root URL; its
 * credential is an API key sent in the {@code DOLAPIKEY} header. Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class DolibarrConnector implements Connector {
    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("dolibarr", "0.1.0")
                .title("Dolibarr")
                .description("Dolibarr ERP/CRM through its REST API (`/api/index.php`, the API REST module):"
                        + " third parties, products, sales orders, customer invoices with validation and"
                        + " payment, and an invoice made from an order. The credential is an API key credential"
                        + " with `in: header` and `name: DOLAPIKEY` (a user's API key, from its user card)."
                        + " Tested against a replay of the documented API of Dolibarr 20 and 21 (Dolibarr's"
                        + " own source: its Restler API classes), not a running Dolibarr.")
                .config(Operations
                        .parse("""
                                {"type": "object", "required": ["baseUrl"], "additionalProperties": false, "properties": {
                                  "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://",
                                              "description": "the Dolibarr root, for example https://erp.example.com (without /api/index.php)"}}}"""))
                .credentials(CredentialType.API_KEY)
                .credentialRequired();
        Operations.ALL.forEach(op -> b.operation(op.spec()));
        b.trigger(ChangedTrigger.SPEC);
        SPEC = b.build();
    }

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new DolibarrClient(context,
                dev.weft.connector.kit.JsonApi.baseUrl(context, "dolibarr", "the Dolibarr root URL"));
    }
}
