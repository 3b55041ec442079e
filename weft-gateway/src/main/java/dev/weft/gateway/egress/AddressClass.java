package dev.weft.gateway.egress;

/**
 * What kind of address an IP address is, as far as the egress guard cares: {@link #PUBLIC} is called
 * freely, every other class only when the allowlist allows it. Immutable.
 */
public enum AddressClass {
    /** A globally routable unicast address. */
    PUBLIC("a public address"),
    /** 127.0.0.0/8 and ::1. */
    LOOPBACK("a loopback address"),
    /** RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
    PRIVATE("a private address"),
    /** 169.254.0.0/16 (with the cloud metadata address 169.254.169.254) and fe80::/10. */
    LINK_LOCAL("a link-local address"),
    /** RFC 6598 shared address space 100.64.0.0/10. */
    CGNAT("a carrier-grade NAT address"),
    /** fc00::/7. */
    UNIQUE_LOCAL("a unique-local IPv6 address"),
    /** fec0::/10, deprecated by RFC 3879 but still routed inside some networks. */
    SITE_LOCAL("a site-local IPv6 address"),
    /** ::ffff:0:0/96: IPv6 spelling of an IPv4 address, which the socket layer turns back into IPv4. */
    IPV4_MAPPED("an IPv4-mapped IPv6 address"),
    /** ::/96 but :: and ::1: the deprecated IPv4-compatible form. */
    IPV4_COMPATIBLE("an IPv4-compatible IPv6 address"),
    /** 0.0.0.0/8 and ::; Linux connects 0.0.0.0 to the local host. */
    UNSPECIFIED("an unspecified address"),
    /** 224.0.0.0/4 and ff00::/8. */
    MULTICAST("a multicast address"),
    /** 255.255.255.255. */
    BROADCAST("the broadcast address"),
    /** 198.18.0.0/15 and 2001:2::/48 (RFC 2544, RFC 5180). */
    BENCHMARKING("a benchmarking address"),
    /** 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20. */
    DOCUMENTATION("a documentation address"),
    /**
     * Not globally routable for another reason: 240.0.0.0/4, 192.0.0.0/24 (IETF protocol assignments),
     * local-use NAT64 64:ff9b:1::/48, ORCHID 2001:10::/28 and 2001:20::/28, and IPv6 outside 2000::/3.
     */
    RESERVED("a reserved address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** How a refusal names the class, with its article: {@code "a loopback address"}. */
    public String description() {
        return description;
    }
}
