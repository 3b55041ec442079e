package dev.weft.gateway.egress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads and writes IP addresses as text. Java's own parser is not enough: it reads {@code 0177.0.0.1} as
 * 177.0.0.1 where curl and browsers read 127.0.0.1, and it turns {@code ::ffff:a.b.c.d} into an IPv4
 * address, losing the IPv6 spelling. Stateless.
 */
final class IpLiterals {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_DECIMAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1};

    private IpLiterals() {
    }

    /** {@code a.b.c.d} with each part 0 to 255 in decimal without leading zeros: the one spelling all tools agree on. */
    static boolean isDottedDecimal(String text) {
        return DOTTED_DECIMAL.matcher(text).matches();
    }

    /**
     * The address a dotted-decimal IPv4 address or an IPv6 address (with or without brackets, and a zone
     * after {@code %} ignored) denotes: 4 or 16 bytes, IPv4-mapped addresses kept as 16; null for anything else.
     */
    static byte[] parseAddress(String text) {
        if (isDottedDecimal(text)) {
            return toBytes(text);
        }
        String inner = text.startsWith("[") && text.endsWith("]")
                ? text.substring(1, text.length() - 1)
                : text;
        int zone = inner.indexOf('%');
        if (zone >= 0) {
            inner = inner.substring(0, zone);
        }
        return parseIPv6(inner);
    }

    private static byte[] parseIPv6(String text) {
        // Only these characters, so that InetAddress takes the text as a literal and never asks DNS.
        if (text.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(text).matches()) {
            return null;
        }
        int dot = text.indexOf('.');
        if (dot >= 0 && !isDottedDecimal(text.substring(text.lastIndexOf(':') + 1))) {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByName("[" + text + "]");
            if (address instanceof Inet4Address) {
                byte[] mapped = new byte[16];
                System.arraycopy(MAPPED_PREFIX, 0, mapped, 0, 12);
                System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
                return mapped;
            }
            return address.getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Whether a host name ends in a number, which makes browsers (the WHATWG URL standard) and curl read the
     * whole host as an IPv4 address: {@code 2130706433}, {@code 0x7f.1}, {@code 127.0.0.1.}.
     */
    static boolean endsInNumber(String host) {
        String[] parts = host.split("\\.", -1);
        int last = parts.length - 1;
        if (parts[last].isEmpty()) {
            if (last == 0) {
                return false;
            }
            last--;
        }
        String part = parts[last];
        return !part.isEmpty() && (part.chars().allMatch(c -> c >= '0' && c <= '9') || number(part) >= 0);
    }

    /**
     * The IPv4 address a host that ends in a number denotes the way inet_aton, curl and browsers read it:
     * one to four parts, each decimal, octal (leading 0) or hexadecimal (0x), the last filling the bytes
     * left; null when it denotes none.
     */
    static byte[] parseLenientIPv4(String host) {
        String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long number = number(parts[i]);
            boolean last = i == parts.length - 1;
            long limit = last ? (1L << (8 * (5 - parts.length))) - 1 : 255;
            if (number < 0 || number > limit) {
                return null;
            }
            value = last ? value + number : value + (number << (8 * (3 - i)));
        }
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** One part of a lenient IPv4 address; -1 when it is not a number or is past 2^32. */
    private static long number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            // ASCII only: Character.digit also takes other scripts' digits, which no other tool reads
            int digit = c < 128 ? Character.digit(c, radix) : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
            if (value > 0xFFFF_FFFFL) {
                // still a number (the host is numeric) but no IPv4 address: say it does not fit
                return Long.MAX_VALUE;
            }
        }
        return value;
    }

    private static byte[] toBytes(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    /** Dotted decimal for IPv4; RFC 5952 for IPv6 (lower case, longest zero run as ::, ::ffff:a.b.c.d). */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        if (Arrays.equals(address, 0, 12, MAPPED_PREFIX, 0, 12)) {
            return "::ffff:" + format(Arrays.copyOfRange(address, 12, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
