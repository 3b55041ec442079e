package dev.weft.connector.dynamics;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;

/**
 * The {@code dynamics} connector: Microsoft Dynamics 365 and any Dataverse environment through the Web API
 * (OData 4.0, {@code /api/data/v9.2}): records of any table (list with OData query options and paging, read,
 * create, update, upsert by alternate key, delete, associate), sales orders and invoices with their lines,
 * and a trigger for records created or changed. Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class DynamicsConnector implements Connector {
    static final String API_VERSION = "v9.2";
    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("dynamics", "0.1.0")
                .title("Dynamics 365 / Dataverse")
                .description("Microsoft Dynamics 365 (Sales, Customer Service) and any Dataverse environment"
                        + " through the Dataverse Web API " + API_VERSION + " (OData 4.0, `/api/data/"
                        + API_VERSION + "`): records of any table by its entity set (accounts, contacts,"
                        + " salesorders, invoices, products, ...), sales orders and invoices with their lines,"
                        + " and a trigger for records created or changed. The credential is an"
                        + " `oauth2ClientCredentials` credential of an app registration in Microsoft Entra ID"
                        + " (Azure AD) that is an application user of the environment: token URL"
                        + " `https://login.microsoftonline.com/<tenant id>/oauth2/v2.0/token`, scope"
                        + " `https://<org>.crm.dynamics.com/.default`; the gateway fetches and renews the token."
                        + " Service protection limits (429 with Retry-After) are honoured: the call is retried"
                        + " after the wait Dataverse asks for. Tested against a replay of the documented API"
                        + " (Dataverse Web API " + API_VERSION
                        + ", from Microsoft's Web API reference), not a"
                        + " running environment.")
                .config(Operations
                        .parse("""
                                {"type": "object", "required": ["baseUrl"], "additionalProperties": false, "properties": {
                                  "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://",
                                              "description": "the environment's URL, such as https://contoso.crm.dynamics.com (without /api/data)"}}}"""))
                .credentials(CredentialType.OAUTH2_CLIENT_CREDENTIALS, CredentialType.BEARER)
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
        return new DynamicsClient(context, JsonApi.baseUrl(context, "dynamics", "the environment's URL")
                + "/api/data/" + API_VERSION);
    }
}
