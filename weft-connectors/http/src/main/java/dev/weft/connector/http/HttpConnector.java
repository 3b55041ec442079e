package dev.weft.connector.http;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code http} connector: {@code http.request} sends a request to a path under the system's
 * {@code baseUrl} or to an absolute http(s) URL and returns {@code {status, headers, body}};
 * {@code http.paginate} reads every page of a list; {@code http.graphql} and {@code http.graphql_mutation}
 * send GraphQL documents; the {@code http.poll} trigger turns new items of a JSON list into events. Each
 * system gets its own client ({@link HttpSystemClient}). Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class HttpConnector implements Connector {
    // Built here rather than in Schemas so that no operation's declaration waits on another's to load.
    private static final ConnectorSpec SPEC = ConnectorSpec.builder("http", "1.1.0")
            .title("HTTP")
            .description("Calls any HTTP API: requests with JSON, form or multipart bodies, lists read page"
                    + " by page, GraphQL, and a trigger that polls a list for new items. A system holds the"
                    + " base URL and the credential; without a system a step names absolute URLs and sends no"
                    + " credential.")
            .config(Schemas.CONFIG)
            .credentials(CredentialType.BASIC, CredentialType.BEARER, CredentialType.API_KEY,
                    CredentialType.OAUTH2_CLIENT_CREDENTIALS, CredentialType.OAUTH2_REFRESH_TOKEN,
                    CredentialType.OAUTH2_JWT_BEARER, CredentialType.SESSION_LOGIN, CredentialType.HMAC)
            .operation(Schemas.REQUEST)
            .operation(Pagination.SPEC)
            .operation(GraphQl.QUERY_SPEC)
            .operation(GraphQl.MUTATION_SPEC)
            .trigger(PollTrigger.SPEC)
            .build();

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new HttpSystemClient(context, RequestInput.baseUrl(context.config()));
    }
}
