package dev.weft.connector.hubspot;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;

/**
 * The {@code hubspot} connector: HubSpot's CRM through its v3 object API (contacts, companies, deals,
 * products, line items and any other object type: create, read, update, archive, list, search and batches)
 * and its v4 associations, with a trigger for records created or changed. Thread-safe; creating it starts
 * nothing.
 */
@AutoService(Connector.class)
public final class HubSpotConnector implements Connector {
    static final String DEFAULT_BASE_URL = "https://api.hubapi.com";

    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("hubspot", "0.1.0")
                .title("HubSpot")
                .description("HubSpot's CRM through its REST API: records of any object type (contacts,"
                        + " companies, deals, products, line items, tickets, custom objects) by the CRM v3 object"
                        + " API (`/crm/v3/objects/<type>`: create, read with properties and associations, update,"
                        + " archive, list, search, batch create, update and read), associations by the v4 API"
                        + " (`/crm/v4/objects/...`), and a trigger for records created or changed."
                        + " The credential is a `bearer` credential holding a private app's access token, or an"
                        + " `oauth2RefreshToken` credential of a public app (token URL"
                        + " https://api.hubapi.com/oauth/v1/token), with the app's CRM scopes (such as"
                        + " `crm.objects.contacts.read` and `.write`); the gateway sends it as"
                        + " `Authorization: Bearer`. HubSpot's errors are typed: `hubspot.invalid` names the"
                        + " properties HubSpot refused, `hubspot.conflict` gives an existing contact's id in"
                        + " `details.existingId`, `hubspot.rate_limited` waits as HubSpot's rate-limit headers say"
                        + " (the ten-second rolling window, the search API's 5 requests a second; the daily limit"
                        + " resets at midnight in the account's time zone)."
                        + " HubSpot's webhooks (inbound) are verified by the platform's webhook trigger with the"
                        + " v3 signature scheme: `verify: {scheme: hubspot-v3, credential: NAME}`, the credential"
                        + " a `secret` holding the app's client secret (docs/flow-language.md, Vendor schemes)."
                        + " Tested against a replay of the documented API (CRM v3 objects and search, associations"
                        + " v4, as HubSpot's API reference and published OpenAPI specifications describe them),"
                        + " not a live HubSpot account.")
                .config(Operations
                        .parse("""
                                {"type": "object", "additionalProperties": false, "properties": {
                                  "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://", "default": "https://api.hubapi.com",
                                              "description": "HubSpot's API root; change it only for a proxy in front of HubSpot."}}}"""))
                .credentials(CredentialType.BEARER, CredentialType.OAUTH2_REFRESH_TOKEN)
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
        String baseUrl = context.config().hasNonNull("baseUrl")
                ? JsonApi.baseUrl(context, "hubspot", "HubSpot's API root")
                : DEFAULT_BASE_URL;
        return new HubSpotClient(context, baseUrl);
    }
}
