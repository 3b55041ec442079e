package dev.weft.gateway.egress;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The egress guard refused an outbound connection before anything was sent. The message says what was
 * refused, why, and which setting allows it; it never holds a URL's user-info, query or fragment. Immutable.
 */
public final class EgressRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final InetAddress address;
    private final AddressClass addressClass;

    EgressRefusedException(String message, String host, InetAddress address, AddressClass addressClass) {
        super(message);
        this.host = host;
        this.address = address;
        this.addressClass = addressClass;
    }

    /** The host as the URL or the resolver gave it; null only when the URL has none. */
    public String host() {
        return host;
    }

    /**
     * The address refused, or the one a non-standard numeric host denotes; null when the refusal is about
     * the URL alone (its scheme, a missing or malformed host).
     */
    public InetAddress address() {
        return address;
    }

    /**
     * The class of the refused address; null when the refusal is not about an address's class (a scheme, a
     * missing or malformed host, a non-standard spelling of an IPv4 address).
     */
    public AddressClass addressClass() {
        return addressClass;
    }
}
