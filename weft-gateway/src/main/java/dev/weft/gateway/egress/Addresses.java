package dev.weft.gateway.egress;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sorts IP addresses into {@link AddressClass}es by the IANA special-purpose address registries. IPv6
 * addresses that carry an IPv4 address on to an IPv4 host (NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo
 * 2001::/32) take the class of that IPv4 address. Stateless and thread-safe.
 */
public final class Addresses {
    private static final byte[] METADATA = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};

    /** How an IPv6 range carries an IPv4 address, if it does. */
    private enum Embedding {
        NONE(""), MAPPED(""), COMPATIBLE(""), NAT64("NAT64"), SIX_TO_FOUR("6to4"), TEREDO("Teredo");

        final String label;

        Embedding(String label) {
            this.label = label;
        }
    }

    private record Block(Cidr range, AddressClass addressClass, Embedding embedding) {
    }

    // First match wins: narrower blocks come before the wider ones that hold them.
    private static final List<Block> IPV4 = List.of(
            block("0.0.0.0/8", AddressClass.UNSPECIFIED),
            block("10.0.0.0/8", AddressClass.PRIVATE),
            block("100.64.0.0/10", AddressClass.CGNAT),
            block("127.0.0.0/8", AddressClass.LOOPBACK),
            block("169.254.0.0/16", AddressClass.LINK_LOCAL),
            block("172.16.0.0/12", AddressClass.PRIVATE),
            block("192.0.0.0/24", AddressClass.RESERVED),
            block("192.0.2.0/24", AddressClass.DOCUMENTATION),
            block("192.168.0.0/16", AddressClass.PRIVATE),
            block("198.18.0.0/15", AddressClass.BENCHMARKING),
            block("198.51.100.0/24", AddressClass.DOCUMENTATION),
            block("203.0.113.0/24", AddressClass.DOCUMENTATION),
            block("224.0.0.0/4", AddressClass.MULTICAST),
            block("255.255.255.255/32", AddressClass.BROADCAST),
            block("240.0.0.0/4", AddressClass.RESERVED));

    private static final List<Block> IPV6 = List.of(
            block("::/128", AddressClass.UNSPECIFIED),
            block("::1/128", AddressClass.LOOPBACK),
            new Block(Cidr.parse("::ffff:0:0/96"), AddressClass.IPV4_MAPPED, Embedding.MAPPED),
            new Block(Cidr.parse("::/96"), AddressClass.IPV4_COMPATIBLE, Embedding.COMPATIBLE),
            new Block(Cidr.parse("64:ff9b::/96"), AddressClass.PUBLIC, Embedding.NAT64),
            block("64:ff9b:1::/48", AddressClass.RESERVED),
            new Block(Cidr.parse("2001::/32"), AddressClass.PUBLIC, Embedding.TEREDO),
            block("2001:2::/48", AddressClass.BENCHMARKING),
            block("2001:10::/28", AddressClass.RESERVED),
            block("2001:20::/28", AddressClass.RESERVED),
            block("2001:db8::/32", AddressClass.DOCUMENTATION),
            new Block(Cidr.parse("2002::/16"), AddressClass.PUBLIC, Embedding.SIX_TO_FOUR),
            block("3fff::/20", AddressClass.DOCUMENTATION),
            block("fc00::/7", AddressClass.UNIQUE_LOCAL),
            block("fe80::/10", AddressClass.LINK_LOCAL),
            block("fec0::/10", AddressClass.SITE_LOCAL),
            block("ff00::/8", AddressClass.MULTICAST),
            block("2000::/3", AddressClass.PUBLIC),
            // IANA has allocated no global unicast space outside 2000::/3
            block("::/0", AddressClass.RESERVED));

    private Addresses() {
    }

    /** The class of an address; an {@link java.net.Inet6Address} is classified by its 16 bytes. */
    public static AddressClass classify(InetAddress address) {
        return classify(Objects.requireNonNull(address, "address").getAddress()).addressClass();
    }

    /** The class of 4 or 16 address bytes, with what a refusal says about it. */
    static Classification classify(byte[] address) {
        for (Block block : address.length == 4 ? IPV4 : IPV6) {
            if (block.range().contains(address)) {
                return classification(address, block);
            }
        }
        return new Classification(address, AddressClass.PUBLIC, null, null, "");
    }

    private static Classification classification(byte[] address, Block block) {
        Embedding embedding = block.embedding();
        if (embedding == Embedding.NONE) {
            Cidr range = block.addressClass() == AddressClass.PUBLIC
                    ? null
                    : block.range().toString().endsWith("/0") ? Cidr.single(address) : block.range();
            return new Classification(address, block.addressClass(), range, null, "");
        }
        byte[] ipv4 = embedded(address, embedding);
        Classification inner = classify(ipv4);
        Cidr range = inner.range() != null ? inner.range() : Cidr.single(ipv4);
        if (embedding == Embedding.MAPPED || embedding == Embedding.COMPATIBLE) {
            return new Classification(address, block.addressClass(), range, ipv4, "");
        }
        return new Classification(address, inner.addressClass(), range, ipv4, embedding.label);
    }

    private static byte[] embedded(byte[] address, Embedding embedding) {
        return switch (embedding) {
            case SIX_TO_FOUR -> Arrays.copyOfRange(address, 2, 6);
            case TEREDO -> {
                // RFC 4380: the client's address is stored with every bit inverted
                byte[] client = Arrays.copyOfRange(address, 12, 16);
                for (int i = 0; i < 4; i++) {
                    client[i] = (byte) ~client[i];
                }
                yield client;
            }
            default -> Arrays.copyOfRange(address, 12, 16);
        };
    }

    private static Block block(String range, AddressClass addressClass) {
        return new Block(Cidr.parse(range), addressClass, Embedding.NONE);
    }

    /**
     * An address's class, the range a refusal suggests allowing (null for public addresses), the IPv4
     * address it carries (null if none) and how it carries it ({@code "6to4"}; empty if not by a tunnel).
     */
    record Classification(byte[] address, AddressClass addressClass, Cidr range, byte[] embedded,
            String embeddedBy) {

        /** {@code "a loopback address"}, {@code "a loopback address, 6to4 for 127.0.0.1"}, .... */
        String describe() {
            String text = addressClass.description();
            if (embedded != null) {
                text += embeddedBy.isEmpty() ? " for " : ", " + embeddedBy + " for ";
                text += IpLiterals.format(embedded);
            }
            if (Arrays.equals(address, METADATA) || (embedded != null && Arrays.equals(embedded, METADATA))) {
                text += "; 169.254.0.0/16 includes the cloud metadata address 169.254.169.254";
            }
            return text;
        }
    }
}
