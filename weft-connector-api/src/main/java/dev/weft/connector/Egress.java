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

    /**
     * Refuses connecting to {@code host} (a name or an IP address) when the host, or any address it resolves
     * to, is refused: what a database or broker connector calls before it connects. The client library
     * resolves the name again when it connects, so a name whose answers change between the two (DNS
     * rebinding) is not caught here as it is by {@link HttpTransport}; allow such hosts by name, or by their
     * exact address, rather than by a wide range. A name that does not resolve passes: the client's own
     * error says so.
     *
     * @param what what the connection is for, such as {@code postgres} or {@code sftp}, for the message
     * @throws ConnectorException {@code egress.refused} (permanent), whose message names the host, says why
     *     it was refused and which setting allows it
     */
    default void checkHost(String what, String host) throws ConnectorException {
        String bare = host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (java.net.UnknownHostException unknown) {
            return;
        }
        for (InetAddress address : addresses) {
            try {
                checkAddress(bare, address);
            } catch (IOException refused) {
                throw ConnectorException.permanent("egress.refused",
                        what + " host " + host + ": " + refused.getMessage(), null, null);
            }
        }
    }
}
