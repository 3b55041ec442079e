package dev.weft.connector.http;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code http} connector: one operation, {@code http.request}, that sends a request to a path under
 * the system's {@code baseUrl} or to an absolute http(s) URL and returns {@code {status, headers, body}}.
 * Each system gets its own client ({@link HttpSystemClient}). Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class HttpConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new HttpSystemClient(context, RequestInput.baseUrl(context.config()));
    }
}
