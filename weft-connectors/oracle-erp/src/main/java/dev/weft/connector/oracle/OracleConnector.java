package dev.weft.connector.oracle;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;

/**
 * The {@code oracle} connector: Oracle ERP Cloud (Fusion Applications) through its REST API
 * ({@code /fscmRestApi/resources/<version>}): any resource's items (list, get, create, update, child collections),
 * payables and receivables invoices with their lines, and a trigger on {@code LastUpdateDate}. Thread-safe;
 * creating it starts nothing.
 */
@AutoService(Connector.class)
public final class OracleConnector implements Connector {
    static final String DEFAULT_VERSION = "11.13.18.05";
    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("oracle", "0.1.0")
                .title("Oracle ERP Cloud")
                .description(
                        "Oracle ERP Cloud (Fusion Applications: Financials, Procurement, Supply Chain) through"
                                + " its REST API, `/fscmRestApi/resources/<apiVersion>` (11.13.18.05 by default, or"
                                + " `latest`): the items of any resource (payables `invoices` with `invoiceLines`,"
                                + " `receivablesInvoices`, `purchaseOrders`, `suppliers`, `itemsV2`, `standardReceipts`, ...)"
                                + " listed with `q` filters and `limit`/`offset` paging that follows `hasMore`, read by key,"
                                + " created and changed, with their child collections; typed operations for payables and"
                                + " receivables invoices with their lines; and `oracle.changed` on `LastUpdateDate`. Requests"
                                + " say `REST-Framework-Version: 4` and `onlyData=true`; creates and updates are"
                                + " `application/vnd.oracle.adf.resourceitem+json`. Refusals are typed from Oracle's message,"
                                + " text or JSON (`o:errorDetails`).\n\nThe credential is `basic` (a Fusion user's name and"
                                + " password) or `oauth2ClientCredentials` (a confidential application of the pod's identity"
                                + " domain, with the Fusion scope); the user needs the roles of what it does (Accounts Payable"
                                + " Specialist for payables invoices, and data access to the business unit).\n\nTested against"
                                + " a replay of the documented API (REST API for Oracle Fusion Cloud Financials and"
                                + " Procurement, resource version 11.13.18.05, REST framework version 4), not a running pod."
                                + " Oracle publishes no REST rate limit; a 429 or 503 with `Retry-After` from the pod's front is"
                                + " honoured.")
                .config(Operations
                        .parse("""
                                {"type": "object", "required": ["baseUrl"], "additionalProperties": false, "properties": {
                                  "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://",
                                              "description": "the pod's URL, for example https://abcd.fa.us2.oraclecloud.com (without /fscmRestApi)"},
                                  "apiVersion": {"type": "string", "pattern": "^(latest|[0-9]+(\\\\.[0-9]+)*)$", "default": "11.13.18.05",
                                                 "description": "the resources' version in the path"}}}"""))
                .credentials(CredentialType.BASIC, CredentialType.OAUTH2_CLIENT_CREDENTIALS)
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
        String baseUrl = JsonApi.baseUrl(context, "oracle", "the pod's URL");
        String version = context.config().path("apiVersion").asText(DEFAULT_VERSION);
        if (!version.matches("latest|[0-9]+(\\.[0-9]+)*")) {
            throw ConnectorException.permanent("oracle.config",
                    "config.apiVersion: the resources' version, such as"
                            + " 11.13.18.05 or latest, but was '" + JsonApi.abbreviate(version) + "'",
                    null, null);
        }
        int api = baseUrl.indexOf("/fscmRestApi");
        return new OracleClient(context, api < 0 ? baseUrl : baseUrl.substring(0, api), version);
    }
}
