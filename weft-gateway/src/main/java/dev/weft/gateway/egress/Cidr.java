package dev.weft.gateway.egress;

import java.util.Arrays;

/** An IPv4 (4 bytes) or IPv6 (16 bytes) range. Immutable. */
final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * A range whose address has no bits set past the prefix.
     *
     * @throws IllegalArgumentException naming the bits set past the prefix and the range meant
     */
    static Cidr of(byte[] address, int prefix) {
        int max = address.length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException(
                    "the prefix length of an " + family(address) + " range is 0 to "
                            + max);
        }
        byte[] network = masked(address, prefix);
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException(
                    IpLiterals.format(address) + " has bits set past the /" + prefix
                            + " prefix; write the range as " + IpLiterals.format(network) + "/" + prefix);
        }
        return new Cidr(network, prefix);
    }

    /** A range from a table of constants, given as text such as {@code "10.0.0.0/8"}. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = IpLiterals.parseAddress(text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an address: " + text);
        }
        return of(address, Integer.parseInt(text.substring(slash + 1)));
    }

    /** The range of one address. */
    static Cidr single(byte[] address) {
        return new Cidr(address.clone(), address.length * 8);
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address, prefix), network);
    }

    /** The range of the given length that holds the address: {@code around(10.1.2.3, 8)} is 10.0.0.0/8. */
    static Cidr around(byte[] address, int prefix) {
        return new Cidr(masked(address, prefix), prefix);
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static String family(byte[] address) {
        return address.length == 4 ? "IPv4" : "IPv6";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return IpLiterals.format(network) + "/" + prefix;
    }
}
