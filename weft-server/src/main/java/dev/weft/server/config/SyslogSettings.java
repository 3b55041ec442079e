package dev.weft.server.config;

/**
 * Where the audit log is forwarded, for a SIEM: a syslog receiver (RFC 5424). Immutable.
 *
 * @param protocol {@code tcp} (octet-counted frames, RFC 6587) or {@code udp} (one datagram per entry)
 * @param appName the APP-NAME of every message
 */
public record SyslogSettings(String host, int port, String protocol, String appName) {
    public static final String TCP = "tcp";
    public static final String UDP = "udp";
}
