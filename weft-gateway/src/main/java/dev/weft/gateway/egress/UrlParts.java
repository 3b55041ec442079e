package dev.weft.gateway.egress;

import java.net.URI;

/**
 * The parts of a URL the guard looks at and may print: scheme, host, port and path, never user-info, query or
 * fragment, which may hold secrets. When java.net.URI finds no server-based host (it takes {@code 127.1} and
 * {@code 0177.0.0.1} for registry names) the host is cut from the raw authority, so that such hosts are still
 * recognized as the IPv4 addresses other tools read in them. Immutable.
 *
 * @param host null when the URL has no authority
 * @param port empty when the URL gives none
 * @param parsed whether java.net.URI read the host as a server-based one, the only kind Jetty calls
 */
record UrlParts(String scheme, String host, String port, String path, boolean opaque, boolean parsed) {

    static UrlParts of(URI uri) {
        if (uri.isOpaque()) {
            return new UrlParts(uri.getScheme(), null, "", "", true, false);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getHost() != null) {
            return new UrlParts(uri.getScheme(), uri.getHost(), uri.getPort() == -1 ? "" : "" + uri.getPort(),
                    path,
                    false, true);
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return new UrlParts(uri.getScheme(), null, "", path, false, false);
        }
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0 || hostAndPort.startsWith("[")) {
            return new UrlParts(uri.getScheme(), hostAndPort, "", path, false, false);
        }
        return new UrlParts(uri.getScheme(), hostAndPort.substring(0, colon),
                hostAndPort.substring(colon + 1), path,
                false, false);
    }

    /** {@code scheme://host:port/path}, with {@code ...} for what is left out. */
    String render() {
        StringBuilder out = new StringBuilder();
        if (scheme != null) {
            out.append(scheme).append(':');
        }
        if (opaque) {
            return out.append("...").toString();
        }
        if (host != null) {
            out.append("//").append(host);
            if (!port.isEmpty()) {
                out.append(':').append(port);
            }
        }
        return out.append(path).toString();
    }
}
