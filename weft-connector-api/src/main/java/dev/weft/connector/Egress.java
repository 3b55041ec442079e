package dev.weft.connector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;

/**
 * The platform's rules for outgoing connections (the SSRF guard): private, loopback and link-local
 * addresses are refused unless an administrator allowed them. A connector checks the URI before it
 * sends anything and every resolved address before it connects to it, so that a name resolving to a
 * private address (DNS rebinding) and a redirect to one fail too. Implemented by the platform;
 * thread-safe.
 */
public interface Egress {

    /**
     * Refuses a URI whose scheme is not http or https or whose host is a refused address.
     *
     * @throws IOException whose message says what was refused, why, and which setting allows it
     */
    void checkUri(URI uri) throws IOException;

    /**
     * Refuses connecting to {@code address}, resolved from {@code host}.
     *
     * @throws IOException whose message says what was refused, why, and which setting allows it
     */
    void checkAddress(String host, InetAddress address) throws IOException;
}
