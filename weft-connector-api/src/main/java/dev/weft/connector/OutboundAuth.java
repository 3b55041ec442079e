package dev.weft.connector;

import java.net.URI;

/**
 * Authorizes outgoing HTTP requests with a system's credential: basic, bearer and API keys as headers or
 * query parameters, OAuth 2.0 access tokens (fetched, cached until shortly before they expire, refreshed
 * once however many calls need one), HMAC signatures. Implemented by the platform; thread-safe.
 */
public interface OutboundAuth {

    /** Authorizes nothing: a system without a credential. */
    OutboundAuth NONE = new OutboundAuth() {
        @Override
        public Authorization authorize(String method, URI uri, byte[] body) {
            return Authorization.NONE;
        }

        @Override
        public boolean renew(Authorization rejected) {
            return false;
        }
    };

    /**
     * What to add to a request about to be sent.
     *
     * @param body the exact bytes to be sent (signatures cover them); empty for none
     */
    Authorization authorize(String method, URI uri, byte[] body) throws ConnectorException;

    /**
     * The target answered 401 to a request sent with {@code rejected}: renews what can be renewed (an
     * OAuth 2.0 token) and says whether sending the request once more may succeed. A connector retries a
     * 401 at most once.
     */
    boolean renew(Authorization rejected) throws ConnectorException;
}
