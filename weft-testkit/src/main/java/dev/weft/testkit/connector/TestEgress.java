package dev.weft.testkit.connector;

import dev.weft.connector.Egress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Egress rules for connector tests. The platform's own rules (the SSRF guard) refuse loopback addresses
 * unless allowed; a connector's tests talk to servers on this machine, so {@link #LOOPBACK} allows
 * loopback addresses only, and {@link #REFUSE_ALL} nothing at all (to show that a connector checks).
 */
public final class TestEgress {

    /** Only http(s) to loopback addresses (127.0.0.0/8, ::1) and names resolving to them. */
    public static final Egress LOOPBACK = new Egress() {
        @Override
        public void checkUri(URI uri) throws IOException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IOException("refused " + scheme + ": only http and https are allowed");
            }
        }

        @Override
        public void checkAddress(String host, InetAddress address) throws IOException {
            if (!address.isLoopbackAddress()) {
                throw new IOException("refused to connect to " + address.getHostAddress() + " (" + host
                        + "): these tests allow loopback addresses only");
            }
        }
    };

    /** Refuses every connection. */
    public static final Egress REFUSE_ALL = new Egress() {
        @Override
        public void checkUri(URI uri) throws IOException {
            throw new IOException("refused " + uri.getHost() + ": this test allows no connection");
        }

        @Override
        public void checkAddress(String host, InetAddress address) throws IOException {
            throw new IOException("refused " + host + ": this test allows no connection");
        }
    };

    private TestEgress() {
    }
}
