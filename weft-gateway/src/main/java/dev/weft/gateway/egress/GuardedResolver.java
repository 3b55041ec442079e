package dev.weft.gateway.egress;

import dev.weft.connector.Egress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves through a delegate and hands Jetty the addresses only when every one passes the egress rules (see
 * {@link EgressGuard#resolver}): the platform's guard, or any {@link Egress} (a connector test's). The one
 * copy of this check: the platform's HTTP transport and the gateway's token client both use it. Thread-safe
 * if the delegate is.
 */
final class GuardedResolver implements SocketAddressResolver {
    private final Egress guard;
    private final SocketAddressResolver delegate;

    GuardedResolver(Egress guard, SocketAddressResolver delegate) {
        this.guard = guard;
        this.delegate = delegate;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context,
            Promise<List<InetSocketAddress>> promise) {
        String target = target(host, port, context);
        delegate.resolve(host, port, context, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> resolved) {
                List<InetSocketAddress> addresses;
                try {
                    // A copy: Jetty connects to exactly the list that was checked.
                    addresses = List.copyOf(resolved);
                    check(host, addresses, target);
                } catch (Throwable failure) {
                    promise.failed(failure);
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

    private void check(String host, List<InetSocketAddress> addresses, String target)
            throws EgressRefusedException, UnknownHostException {
        if (addresses.isEmpty()) {
            throw new UnknownHostException("no address for " + host);
        }
        for (InetSocketAddress address : addresses) {
            if (address.getAddress() == null) {
                // Unresolved: the socket layer would resolve it again, unchecked.
                throw new EgressRefusedException("refused to connect to " + host + " for " + target
                        + ": the address resolver returned no IP address to check", host, null, null);
            }
            if (guard instanceof EgressGuard platform) {
                platform.check(host, address.getAddress(), target);
            } else {
                try {
                    guard.checkAddress(host, address.getAddress());
                } catch (EgressRefusedException refused) {
                    throw refused;
                } catch (java.io.IOException refused) {
                    throw new EgressRefusedException(refused.getMessage(), host, address.getAddress(), null);
                }
            }
        }
    }

    /** {@code http://host:port}, or the proxy's address when the destination goes through one. */
    private static String target(String host, int port, Map<String, Object> context) {
        String authority = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + port;
        Object destination = context == null ? null : context.get(Destination.CONTEXT_KEY);
        if (destination instanceof Destination d) {
            return d.getProxy() != null
                    ? "the proxy " + authority
                    : d.getOrigin().getScheme() + "://" + authority;
        }
        return authority;
    }

    @Override
    public String toString() {
        return "GuardedResolver[" + delegate + "]";
    }
}
