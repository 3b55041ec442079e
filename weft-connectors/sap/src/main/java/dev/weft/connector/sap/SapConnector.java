package dev.weft.connector.sap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.odata.ODataVersion;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code sap} connector: an SAP S/4HANA (or any SAP Gateway) OData service, 2.0 or 4.0, one service root
 * per system: records of its entity sets (list with paging, read, create, update, delete), {@code $batch}
 * with changesets, sales orders with items, and a trigger for records changed. Writes carry the CSRF token
 * and session cookies SAP asks for. Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class SapConnector implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("sap", "0.1.0")
                .title("SAP S/4HANA (OData)")
                .description(
                        "SAP S/4HANA, or any SAP Gateway service, through OData (2.0, as most S/4HANA APIs"
                                + " such as API_BUSINESS_PARTNER and API_SALES_ORDER_SRV, or 4.0): a system is one"
                                + " service root and its version. Records of the service's entity sets (list with"
                                + " paging, read, create, update, delete), `$batch` with changesets, sales orders with"
                                + " their items, and a trigger for records changed. Writes carry the CSRF token SAP"
                                + " gives (`x-csrf-token: Fetch` on the service root) with its session cookies, fetched"
                                + " again once when SAP says `Required`. The credential is the gateway's: basic (a"
                                + " communication user) or oauth2ClientCredentials. OData only: RFC and BAPI calls are"
                                + " out of scope. Tested against a replay of the documented API (API_BUSINESS_PARTNER and"
                                + " API_SALES_ORDER_SRV over OData 2.0, the sales order service api_salesorder 0001"
                                + " over OData 4.0, from SAP's API reference), not a running S/4HANA.")
                .config(parse(
                        """
                                {"type": "object", "required": ["serviceUrl", "version"], "additionalProperties": false, "properties": {
                                  "serviceUrl": {"type": "string", "format": "uri", "pattern": "^https?://",
                                                 "description": "the service root, such as https://s4.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER"},
                                  "version": {"enum": ["v2", "v4"], "description": "the service's OData version"},
                                  "sapClient": {"type": "string", "pattern": "^[0-9]{3}$", "description": "the SAP client (sap-client), when not the system's default"}}}"""))
                .credentials(CredentialType.BASIC, CredentialType.OAUTH2_CLIENT_CREDENTIALS,
                        CredentialType.BEARER)
                .credentialRequired();
        Operations.ALL.forEach(b::operation);
        b.trigger(ChangedTrigger.SPEC);
        SPEC = b.build();
    }

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        JsonNode config = context.config();
        String url = config.path("serviceUrl").asText("");
        if (!url.startsWith("http://") && !url.startsWith("https://") || url.contains("?")) {
            throw ConnectorException.permanent("sap.config",
                    "config.serviceUrl: the OData service root, such as"
                            + " https://s4.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER (no query), but was '"
                            + url + "'",
                    null, null);
        }
        ODataVersion version = ODataVersion.of(config.path("version").asText(null));
        if (version == null) {
            throw ConnectorException.permanent("sap.config", "config.version: v2 or v4, the service's OData"
                    + " version (/sap/opu/odata/ services are v2, /sap/opu/odata4/ ones v4), but was '"
                    + config.path("version").asText("") + "'", null, null);
        }
        String client = config.hasNonNull("sapClient") ? config.get("sapClient").asText() : null;
        if (client != null && !client.matches("[0-9]{3}")) {
            throw ConnectorException.permanent("sap.config", "config.sapClient: three digits such as 100, but"
                    + " was '" + client + "'", null, null);
        }
        return new SapClient(context, url.replaceAll("/+$", ""), version, client);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a declaration is not JSON: " + json, e);
        }
    }
}
