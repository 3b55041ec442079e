package dev.weft.gateway.egress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The egress allowlist: which private, loopback, link-local and other non-public targets Weft may call
 * besides public addresses. Entries are IPv4 or IPv6 ranges ({@code 10.0.0.0/8}, {@code fd00::/8}), single
 * addresses, host names ({@code erp.corp.example}, case-insensitive) and {@code *.corp.example} (any
 * subdomain, not the name itself). There is deliberately no "allow everything" switch: every range allowed
 * is listed. Immutable and thread-safe.
 */
public final class EgressPolicy {
    /** The configuration key users write the allowlist under. */
    public static final String CONFIGURATION_KEY = "egress.allow";
    /** The environment variable users write the allowlist in, comma separated. */
    public static final String ENVIRONMENT_VARIABLE = "WEFT_EGRESS_ALLOW";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final EgressPolicy BLOCK_PRIVATE = new EgressPolicy(List.of(), List.of(), Set.of(),
            Set.of());

    private final List<String> entries;
    private final List<Cidr> ranges;
    private final Set<String> hosts;
    private final Set<String> domains;

    private EgressPolicy(List<String> entries, List<Cidr> ranges, Set<String> hosts, Set<String> domains) {
        this.entries = List.copyOf(entries);
        this.ranges = List.copyOf(ranges);
        this.hosts = Set.copyOf(hosts);
        this.domains = Set.copyOf(domains);
    }

    /** The default: public addresses only. */
    public static EgressPolicy blockPrivate() {
        return BLOCK_PRIVATE;
    }

    /**
     * The allowlist in {@code commaSeparated} (null or blank: none); empty entries are skipped.
     *
     * @param source the setting's name as the user wrote it ({@value #CONFIGURATION_KEY} or
     *        {@value #ENVIRONMENT_VARIABLE}), named by the error when an entry is wrong
     * @throws IllegalArgumentException naming the setting, quoting the entry and saying what is wrong
     */
    public static EgressPolicy parse(String commaSeparated, String source) {
        requireSource(source);
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return BLOCK_PRIVATE;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : commaSeparated.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return of(entries, source);
    }

    /**
     * The allowlist of {@code entries}, each trimmed.
     *
     * @param source the setting's name as the user wrote it, named by the error when an entry is wrong
     * @throws IllegalArgumentException naming the setting, quoting the entry and saying what is wrong
     */
    public static EgressPolicy of(List<String> entries, String source) {
        requireSource(source);
        Objects.requireNonNull(entries, source + " must be a list of ranges and host names, but was null");
        Builder builder = new Builder();
        for (String entry : entries) {
            String text = entry == null ? "" : entry.strip();
            try {
                builder.add(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        source + ": '" + text + "' is not a CIDR range or host name: "
                                + e.getMessage(),
                        e);
            }
        }
        return builder.build();
    }

    /** What this policy and {@code other} allow together (configuration and environment). */
    public EgressPolicy merge(EgressPolicy other) {
        Objects.requireNonNull(other, "other");
        Builder builder = new Builder();
        entries.forEach(builder::add);
        other.entries.forEach(builder::add);
        return builder.build();
    }

    boolean allowsAddress(byte[] address, byte[] embeddedIPv4) {
        for (Cidr range : ranges) {
            if (range.contains(address) || (embeddedIPv4 != null && range.contains(embeddedIPv4))) {
                return true;
            }
        }
        return false;
    }

    boolean allowsHost(String host) {
        if (host == null) {
            return false;
        }
        String name = normalize(host);
        if (hosts.contains(name)) {
            return true;
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            if (domains.contains(name.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static void requireSource(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must name the setting the allowlist came from ("
                    + CONFIGURATION_KEY + " or " + ENVIRONMENT_VARIABLE + "), but was '" + source + "'");
        }
    }

    /** The entries, normalized, comma separated: what the user allowed, for logs and status pages. */
    @Override
    public String toString() {
        return String.join(",", entries);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EgressPolicy that && Set.copyOf(entries).equals(Set.copyOf(that.entries));
    }

    @Override
    public int hashCode() {
        return Set.copyOf(entries).hashCode();
    }

    /** Reads entries one by one; its errors are completed with the setting and the entry by the caller. */
    private static final class Builder {
        private final Set<String> entries = new LinkedHashSet<>();
        private final List<Cidr> ranges = new ArrayList<>();
        private final Set<String> hosts = new LinkedHashSet<>();
        private final Set<String> domains = new LinkedHashSet<>();

        void add(String text) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("the entry is empty");
            }
            if (text.contains("://") || text.contains("@")) {
                throw new IllegalArgumentException(
                        "write the host name alone, without a scheme, user or path");
            }
            int slash = text.indexOf('/');
            if (slash >= 0) {
                addRange(text.substring(0, slash), text.substring(slash + 1));
            } else if (text.indexOf(':') >= 0 || text.startsWith("[")) {
                byte[] address = IpLiterals.parseAddress(text);
                if (address == null) {
                    throw new IllegalArgumentException(
                            "it is not an IPv6 address (write host names without a port)");
                }
                addCidr(Cidr.single(address));
            } else if (IpLiterals.isDottedDecimal(text)) {
                addCidr(Cidr.single(IpLiterals.parseAddress(text)));
            } else if (IpLiterals.endsInNumber(text)) {
                byte[] denoted = IpLiterals.parseLenientIPv4(text);
                throw new IllegalArgumentException(denoted == null
                        ? "it ends in a number but is no IPv4 address; write addresses in dotted decimal (10.0.0.1)"
                        : "it is a non-standard spelling of " + IpLiterals.format(denoted)
                                + "; write that instead");
            } else if (text.startsWith("*.")) {
                String domain = hostName(text.substring(2));
                entries.add("*." + domain);
                domains.add(domain);
            } else {
                String host = hostName(text);
                entries.add(host);
                hosts.add(host);
            }
        }

        private void addRange(String addressText, String prefixText) {
            byte[] address = IpLiterals.parseAddress(addressText);
            if (address == null) {
                throw new IllegalArgumentException("'" + addressText
                        + "' is not an IPv4 address in dotted decimal or an IPv6 address");
            }
            String family = address.length == 4 ? "IPv4" : "IPv6";
            if (!prefixText.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("the prefix length of an " + family + " range is 0 to "
                        + address.length * 8);
            }
            addCidr(Cidr.of(address, Integer.parseInt(prefixText)));
        }

        private void addCidr(Cidr range) {
            if (entries.add(range.toString())) {
                ranges.add(range);
            }
        }

        private static String hostName(String text) {
            String name = normalize(text);
            if (name.indexOf('*') >= 0) {
                throw new IllegalArgumentException(
                        "a wildcard may only stand for the first label: *.example.com");
            }
            if (name.isEmpty() || name.length() > 253) {
                throw new IllegalArgumentException("a host name has 1 to 253 characters");
            }
            for (String label : name.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    throw new IllegalArgumentException("'" + label
                            + "' is not a DNS label (letters, digits and"
                            + " inner hyphens, at most 63; internationalized names in their xn-- form)");
                }
            }
            return name;
        }

        EgressPolicy build() {
            return new EgressPolicy(List.copyOf(entries), ranges, hosts, domains);
        }
    }
}
