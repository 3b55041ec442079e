package dev.weft.gateway.egress;

import dev.weft.connector.Egress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The SSRF guard for every outbound connection: refuses non-http(s) URLs, non-standard numeric hosts and
 * connections to loopback, private, link-local and other non-public addresses that the {@link EgressPolicy}
 * does not allow. It checks the URL before any I/O ({@link #checkUri}) and every resolved address at connect
 * time ({@link #resolver}), so a name that resolves to a private address (DNS rebinding) and redirects are
 * refused as well. Immutable and thread-safe.
 */
public final class EgressGuard implements Egress {
    private static final String WHERE_TO_ALLOW = " to " + EgressPolicy.CONFIGURATION_KEY
            + " in the configuration or to " + EgressPolicy.ENVIRONMENT_VARIABLE;

    private final EgressPolicy policy;

    private EgressGuard(EgressPolicy policy) {
        this.policy = policy;
    }

    /** A guard that allows public addresses and what {@code policy} lists. */
    public static EgressGuard of(EgressPolicy policy) {
        return new EgressGuard(Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Checks a URL before any I/O: the scheme is http or https, there is a host, and a host that is an IP
     * address is public or allowed. A host that ends in a number but is not dotted decimal ({@code 2130706433},
     * {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}) is refused whatever it denotes, because tools read
     * such spellings differently (Java reads {@code 0177.0.0.1} as 177.0.0.1, curl as 127.0.0.1). Host names
     * pass here; their addresses are checked when they are resolved.
     */
    @Override
    public void checkUri(URI uri) throws EgressRefusedException {
        UrlParts url = UrlParts.of(Objects.requireNonNull(uri, "uri"));
        String target = url.render();
        String scheme = url.scheme();
        String host = url.host();
        if (scheme == null) {
            throw new EgressRefusedException("refused " + target
                    + ": the URL has no scheme; Weft calls only http and https URLs", host, null, null);
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("http") && !lower.equals("https")) {
            throw new EgressRefusedException(
                    "refused " + target + ": Weft calls only http and https URLs, not "
                            + scheme,
                    host, null, null);
        }
        if (host == null || host.isEmpty() || !url.parsed() && !IpLiterals.endsInNumber(host)) {
            throw new EgressRefusedException(
                    "refused " + target + ": the URL has no host name that Weft can read"
                            + " (letters, digits, hyphens and dots, or an IP address)",
                    host, null, null);
        }
        byte[] literal = IpLiterals.parseAddress(host);
        if (literal != null) {
            Addresses.Classification classification = Addresses.classify(literal);
            if (!allowed(classification)) {
                throw refusal(host, null, classification, target);
            }
        } else if (IpLiterals.endsInNumber(host)) {
            byte[] denoted = IpLiterals.parseLenientIPv4(host);
            if (denoted == null) {
                throw new EgressRefusedException("refused " + target + ": the host " + host
                        + " ends in a number but is no IPv4 address; write an IPv4 address in dotted decimal"
                        + " (such as 192.0.2.10) or a host name", host, null, null);
            }
            String address = IpLiterals.format(denoted);
            throw new EgressRefusedException("refused " + target + ": the host " + host
                    + " is a non-standard spelling of the IPv4 address " + address
                    + ", which tools read in different ways; write it as " + address, host, inet(denoted),
                    null);
        }
    }

    /**
     * The connect-time check of one resolved address: allowed when it is public, in an allowed range, or
     * {@code host} is an allowed host name.
     *
     * @param host the name that was resolved (null if none); an IP address here is not taken as a name
     */
    @Override
    public void checkAddress(String host, InetAddress address) throws EgressRefusedException {
        check(host, Objects.requireNonNull(address, "address"), null);
    }

    void check(String host, InetAddress address, String target) throws EgressRefusedException {
        Addresses.Classification classification = Addresses.classify(address.getAddress());
        if (allowed(classification)) {
            return;
        }
        boolean named = host != null && IpLiterals.parseAddress(host) == null;
        if (named && policy.allowsHost(host)) {
            return;
        }
        throw refusal(host, named ? host : null, classification, target);
    }

    private boolean allowed(Addresses.Classification classification) {
        return classification.addressClass() == AddressClass.PUBLIC
                || policy.allowsAddress(classification.address(), classification.embedded());
    }

    /**
     * A resolver that resolves through {@code delegate} and fails the promise with an
     * {@link EgressRefusedException} when any address it returns is refused, instead of dropping the refused
     * ones: a name that answers both a public and a private address is what a rebinding attack looks like,
     * and connecting to its remaining addresses would still let the attacker choose. Jetty's client connects
     * only to the addresses its resolver returns, so the address checked is the address connected to, and a
     * redirect to another host is resolved, and checked, again. Thread-safe if the delegate is.
     */
    public SocketAddressResolver resolver(SocketAddressResolver delegate) {
        return new GuardedResolver(this, Objects.requireNonNull(delegate, "delegate"));
    }

    /**
     * Guards a Jetty client that has not been started: its address resolver (the one set, or Jetty's default
     * asynchronous one) is wrapped by {@link #resolver}, and every request it sends, each redirect included,
     * is checked by {@link #checkUri} before it is queued and aborted with the refusal. Jetty itself fails a
     * redirect to a scheme other than http, https, ws or wss; the URL check refuses ws and wss.
     * <p>
     * With a proxy configured the resolver checks the proxy's address and the proxy resolves the target, so
     * only the URL check applies to the target: the proxy must enforce its own egress rules.
     *
     * @throws IllegalStateException if the client has been started
     */
    public void install(HttpClient client) {
        install(this, client);
    }

    /**
     * Guards a Jetty client that has not been started with {@code egress}, as {@link #install(HttpClient)}
     * does with the platform's guard: any {@link Egress}, such as a connector test's.
     *
     * @throws IllegalStateException if the client has been started
     */
    public static void install(Egress egress, HttpClient client) {
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(client, "client");
        if (!client.isStopped()) {
            throw new IllegalStateException("install the egress guard before starting the HttpClient:"
                    + " Jetty takes its address resolver only while it is stopped");
        }
        SocketAddressResolver current = client.getSocketAddressResolver();
        // Jetty makes its default resolver in start(), from the executor and scheduler it makes there too.
        SocketAddressResolver delegate = current != null
                ? current
                : (host, port, context, promise) -> new SocketAddressResolver.Async(client.getExecutor(),
                        client.getScheduler(), client.getAddressResolutionTimeout())
                        .resolve(host, port, context, promise);
        client.setSocketAddressResolver(new GuardedResolver(egress, delegate));
        client.getRequestListeners().addQueuedListener(request -> vet(egress, request));
    }

    private static void vet(Egress egress, Request request) {
        try {
            Transport transport = request.getTransport();
            if (transport != null && !transport.requiresDomainNameResolution()) {
                throw new EgressRefusedException("refused " + request.getScheme() + "://" + request.getHost()
                        + ": its transport (" + transport
                        + ") connects without resolving the host, so the egress"
                        + " guard cannot check where it goes; Weft calls over TCP/IP only", request.getHost(),
                        null, null);
            }
            URI uri = request.getURI();
            if (uri == null) {
                throw new EgressRefusedException("refused a request to " + request.getHost()
                        + ": its URL cannot be read", request.getHost(), null, null);
            }
            egress.checkUri(uri);
        } catch (EgressRefusedException e) {
            request.abort(e);
        } catch (java.io.IOException refused) {
            request.abort(new EgressRefusedException(refused.getMessage(), request.getHost(), null, null));
        }
    }

    /** @param name the host name that resolved to the address; null when the host was the address itself */
    private static EgressRefusedException refusal(String host, String name,
            Addresses.Classification classification, String target) {
        AddressClass addressClass = classification.addressClass();
        String address = IpLiterals.format(classification.address());
        StringBuilder message = new StringBuilder("refused to connect to ").append(address).append(" (")
                .append(classification.describe()).append(')');
        if (name != null) {
            message.append(", the address of ").append(name);
        }
        if (target != null) {
            message.append(name != null ? ", for " : " for ").append(target);
        }
        message.append(": ");
        String range = classification.range().toString();
        if (name == null && (addressClass == AddressClass.IPV4_MAPPED
                || addressClass == AddressClass.IPV4_COMPATIBLE)) {
            message.append("Weft does not call IPv4 addresses written in IPv6 form; write ")
                    .append(IpLiterals.format(classification.embedded())).append(" instead, or ");
        } else {
            message.append(
                    "Weft does not call private, loopback or link-local addresses unless they are allowed; ");
        }
        message.append(name != null
                ? "add the host name, the address or a range (" + range + ")"
                : "add the address, a range (" + range + ") or the host name");
        message.append(WHERE_TO_ALLOW);
        return new EgressRefusedException(message.toString(), host != null ? host : address,
                inet(classification.address()), addressClass);
    }

    private static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length, e);
        }
    }
}
