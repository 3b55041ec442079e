package dev.weft.connector.idurar;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;

/**
 * The {@code idurar} connector: IDURAR ERP/CRM's REST API (clients, invoices with their lines, payments) and a
 * trigger for records created or changed. A system holds the IDURAR backend's root URL; its credential gives
 * the JWT that IDURAR's login answers. Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class IdurarConnector implements Connector {
    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("idurar", "0.1.0")
                .title("IDURAR")
                .description(
                        "IDURAR ERP/CRM (the open-source Node.js/Express/MongoDB application) through the"
                                + " REST API its web app uses (`/api/<entity>/create|read|update|delete|list|search`):"
                                + " clients, invoices with their lines, and payments, which IDURAR adds to an invoice's"
                                + " credit and payment status. Every answer is IDURAR's envelope `{success, result,"
                                + " message}`; one that says `success: false` is an error whatever its status.\n\n"
                                + "IDURAR has no API keys: a user signs in with `POST /api/login` `{\"email\", \"password\"}`"
                                + " and sends the JWT it answers (`result.token`, valid 24 hours) as `Authorization: Bearer"
                                + " <token>`. Use a `sessionLogin` credential: `loginUrl` `<baseUrl>/api/login`, `username`"
                                + " the user's e-mail, `password`, `usernameField` `email`, `passwordField` `password`,"
                                + " `tokenPointer` `/result/token` (`header` and `scheme` as their defaults, `Authorization`"
                                + " and `Bearer`). The gateway logs in once, keeps the token until 30 s before its JWT `exp`,"
                                + " and logs in again on a 401. IDURAR refuses an expired token with a 500 that says"
                                + " `jwtExpired: true` rather than a 401, so renewal relies on the `exp`; such a 500 (and a"
                                + " missing or logged-out token's 401) is `idurar.unauthorized`. A `bearer` credential"
                                + " holding a token from the login also works, for the token's 24 hours.\n\n"
                                + "Tested against a replay of the documented API of IDURAR 4.1.0 (its backend's own"
                                + " source: routes, controllers and Mongoose models), not a running IDURAR. IDURAR"
                                + " itself has no rate limit; a 429 from a proxy or rate limiter in front of it is honoured"
                                + " (`Retry-After`, `RateLimit-*`).")
                .config(Operations
                        .parse("""
                                {"type": "object", "required": ["baseUrl"], "additionalProperties": false, "properties": {
                                  "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://",
                                              "description": "the IDURAR backend's root, for example https://erp.example.com (its API is under /api)"}}}"""))
                .credentials(CredentialType.SESSION_LOGIN, CredentialType.BEARER)
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
        String baseUrl = JsonApi.baseUrl(context, "idurar", "the IDURAR backend's root URL");
        return new IdurarClient(context, baseUrl.endsWith("/api")
                ? baseUrl.substring(0, baseUrl.length() - 4)
                : baseUrl);
    }
}
