package dev.weft.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code salesforce} connector: a Salesforce org through its REST API (records of any sObject: create,
 * read, update, delete, upsert by external id; SOQL queries; composite requests), Bulk API 2.0 ingest jobs
 * for large loads, and a trigger for records created or changed. Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class SalesforceConnector implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The REST API version the connector is written and tested against. */
    static final String DEFAULT_API_VERSION = "62.0";

    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("salesforce", "0.1.0")
                .title("Salesforce")
                .description(
                        "A Salesforce org through its REST API (`/services/data/v62.0/...`): records of any"
                                + " sObject (accounts, contacts, products, opportunities, orders, invoices and their lines,"
                                + " payments, custom objects) created, read, updated, deleted and upserted by an external"
                                + " id; SOQL queries across pages; composite requests; Bulk API 2.0 ingest jobs for large"
                                + " loads; Salesforce Files uploaded from and downloaded into the blob store; and"
                                + " `salesforce.changed`, a trigger for records created or changed. The system's"
                                + " `baseUrl` is the org's instance URL (its My Domain). The credential is the platform's:"
                                + " an `oauth2RefreshToken` credential of a connected app (token URL"
                                + " `https://<MyDomain>.my.salesforce.com/services/oauth2/token`, scopes `api refresh_token`),"
                                + " an `oauth2ClientCredentials` one (a connected app with the client credentials flow and a"
                                + " run-as user), an `oauth2JwtBearer` one (the OAuth 2.0 JWT bearer flow: `clientId` the"
                                + " connected app's consumer key, `subject` the integration user's username, `audience`"
                                + " `https://login.salesforce.com` or `https://test.salesforce.com` for a sandbox, the"
                                + " private key of the certificate uploaded to the app), or a `bearer` access token for a"
                                + " short test. Salesforce's errors (`[{message, errorCode, fields}]`)"
                                + " become typed errors: `salesforce.unauthorized` (401 INVALID_SESSION_ID),"
                                + " `salesforce.rate_limited` (REQUEST_LIMIT_EXCEEDED, with `Sforce-Limit-Info`),"
                                + " `salesforce.invalid` naming the fields (REQUIRED_FIELD_MISSING,"
                                + " FIELD_CUSTOM_VALIDATION_EXCEPTION, ...), `salesforce.not_found`, `salesforce.forbidden`,"
                                + " and `salesforce.unavailable` (5xx, UNABLE_TO_LOCK_ROW), which is retryable. Tested against"
                                + " a replay of the documented API (REST API and Bulk API 2.0, version 62.0, Winter '25),"
                                + " not a running org.")
                .config(parse(
                        """
                                {"type": "object", "required": ["baseUrl"], "additionalProperties": false, "properties": {
                                  "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://",
                                              "description": "the org's instance URL, for example https://mydomain.my.salesforce.com"},
                                  "apiVersion": {"type": "string", "pattern": "^[1-9][0-9]\\\\.0$", "default": "62.0",
                                                 "description": "the REST API version every request names, such as 62.0 (Winter '25), the version the connector is tested against."}}}"""))
                .credentials(CredentialType.OAUTH2_REFRESH_TOKEN, CredentialType.OAUTH2_JWT_BEARER,
                        CredentialType.OAUTH2_CLIENT_CREDENTIALS, CredentialType.BEARER)
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
        String baseUrl = JsonApi.baseUrl(context, "salesforce",
                "the org's instance URL (https://<MyDomain>.my.salesforce.com)");
        JsonNode version = context.config().get("apiVersion");
        String apiVersion = version == null || version.isNull() ? DEFAULT_API_VERSION : version.asText();
        if (!apiVersion.matches("[1-9][0-9]\\.0")) {
            throw ConnectorException.permanent("salesforce.config",
                    "config.apiVersion: a REST API version such"
                            + " as " + DEFAULT_API_VERSION + " (without the v), but was '" + apiVersion + "'",
                    null, null);
        }
        return new SalesforceClient(context, new SalesforceApi(context, baseUrl, apiVersion));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a declaration is not JSON: " + json, e);
        }
    }
}
