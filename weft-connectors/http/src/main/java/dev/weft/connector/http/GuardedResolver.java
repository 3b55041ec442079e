package dev.weft.connector.http;

import dev.weft.connector.Egress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves host names through Jetty's resolver, then puts every resolved address to the platform's egress
 * rules. Jetty connects only to addresses this returns, so the address checked is the address connected
 * to: a name that resolves to a private address (DNS rebinding included) fails here even though the URL
 * passed {@link Egress#checkUri}. One refused address refuses the name: an answer mixing a public and a
 * private address is what a rebinding attack looks like. Thread-safe.
 */
final class GuardedResolver implements SocketAddressResolver {
    private final SocketAddressResolver delegate;
    private final Egress egress;

    GuardedResolver(SocketAddressResolver delegate, Egress egress) {
        this.delegate = delegate;
        this.egress = egress;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context,
            Promise<List<InetSocketAddress>> promise) {
        delegate.resolve(host, port, context, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> addresses) {
                try {
                    for (InetSocketAddress a : addresses) {
                        egress.checkAddress(host, a.getAddress());
                    }
                } catch (IOException refused) {
                    promise.failed(new Refused(refused.getMessage()));
                    return;
                }
                promise.succeeded(addresses);
            }

            @Override
            public void failed(Throwable failure) {
                promise.failed(failure);
            }
        });
    }

    /** An egress refusal at connect time, told apart from other failures to connect. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
