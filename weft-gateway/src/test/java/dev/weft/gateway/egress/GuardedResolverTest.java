package dev.weft.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.junit.jupiter.api.Test;

class GuardedResolverTest {
    private final EgressGuard guard = EgressGuard.of(EgressPolicy.blockPrivate());

    private static SocketAddressResolver answering(List<InetSocketAddress> addresses) {
        return (host, port, context, promise) -> promise.succeeded(addresses);
    }

    private static Throwable failure(SocketAddressResolver resolver) throws InterruptedException {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        resolver.resolve("mixed.test", 443, Map.of(), Promise.from(result));
        try {
            result.get();
            throw new AssertionError("resolved to " + result.getNow(null));
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static InetSocketAddress at(String address) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(address), 443);
    }

    @Test
    void passesOnWhatTheDelegateResolvedWhenEveryAddressIsPublic() throws Exception {
        List<InetSocketAddress> addresses = List.of(at("93.184.215.14"), at("2606:4700::1111"));
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        guard.resolver(answering(addresses)).resolve("public.test", 443, Map.of(), Promise.from(result));
        assertThat(result.get()).isEqualTo(addresses);
    }

    @Test
    void failsWhenAnyResolvedAddressIsRefusedInsteadOfConnectingToTheRest() throws Exception {
        Throwable failure = failure(guard.resolver(answering(List.of(at("93.184.215.14"), at("10.0.0.7")))));
        assertThat(failure).isInstanceOf(EgressRefusedException.class).hasMessageStartingWith(
                "refused to connect to 10.0.0.7 (a private address), the address of mixed.test, for mixed.test:443:");
    }

    @Test
    void refusesAnUnresolvedAddressWhichTheSocketWouldResolveUnchecked() throws Exception {
        Throwable failure = failure(
                guard.resolver(answering(List.of(InetSocketAddress.createUnresolved("mixed.test", 443)))));
        assertThat(failure).isInstanceOf(EgressRefusedException.class)
                .hasMessageContaining("the address resolver returned no IP address to check");
    }

    @Test
    void anEmptyAnswerIsAnUnknownHostAndTheDelegatesFailuresPassThrough() throws Exception {
        assertThat(failure(guard.resolver(answering(List.of())))).isInstanceOf(UnknownHostException.class);
        UnknownHostException unknown = new UnknownHostException("mixed.test");
        assertThat(failure(guard.resolver((host, port, context, promise) -> promise.failed(unknown))))
                .isSameAs(unknown);
    }
}
