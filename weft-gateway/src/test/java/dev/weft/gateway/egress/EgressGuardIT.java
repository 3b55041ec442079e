package dev.weft.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A guarded Jetty client against real Jetty servers on loopback addresses. */
class EgressGuardIT {
    private CountingServer server;
    private HttpClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = CountingServer.start("127.0.0.1");
    }

    @AfterEach
    void stopAll() throws Exception {
        if (client != null) {
            client.stop();
        }
        server.close();
    }

    private HttpClient guardedClient(String allow) throws Exception {
        return guardedClient(allow, null);
    }

    private HttpClient guardedClient(String allow, SocketAddressResolver resolver) throws Exception {
        client = new HttpClient();
        if (resolver != null) {
            client.setSocketAddressResolver(resolver);
        }
        EgressGuard.of(EgressPolicy.parse(allow, "egress.allow")).install(client);
        client.start();
        return client;
    }

    private static ContentResponse get(HttpClient client, String url) throws Exception {
        return client.newRequest(url).timeout(30, TimeUnit.SECONDS).send();
    }

    private static EgressRefusedException refusedCause(HttpClient client, String url) {
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> get(client, url));
        assertThat(e).as(url + " fails").isNotNull();
        assertThat(e.getCause()).isInstanceOf(EgressRefusedException.class);
        return (EgressRefusedException) e.getCause();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private String redirect(String to) {
        return base() + "/go?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }

    @Test
    void aLoopbackAddressIsRefusedAndNothingIsSent() throws Exception {
        EgressRefusedException refused = refusedCause(guardedClient(null), base() + "/x?token=secret");
        assertThat(refused.addressClass()).isEqualTo(AddressClass.LOOPBACK);
        assertThat(refused.getMessage())
                .startsWith("refused to connect to 127.0.0.1 (a loopback address) for "
                        + base() + "/x: ")
                .doesNotContain("secret");
        assertThat(server.requests()).isZero();
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAtConnectTime() throws Exception {
        HttpClient guarded = guardedClient(null);
        String url = "http://localhost:" + server.port() + "/";
        assertThatCode(() -> EgressGuard.of(EgressPolicy.blockPrivate()).checkUri(URI.create(url)))
                .as("the URL alone passes").doesNotThrowAnyException();
        EgressRefusedException refused = refusedCause(guarded, url);
        assertThat(refused.addressClass()).isEqualTo(AddressClass.LOOPBACK);
        assertThat(refused.host()).isEqualTo("localhost");
        assertThat(refused.getMessage())
                .contains("the address of localhost, for http://localhost:" + server.port());
        assertThat(server.requests()).isZero();
    }

    @Test
    void anAllowedAddressIsCalled() throws Exception {
        ContentResponse response = get(guardedClient("127.0.0.1/32"), base() + "/");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("ok");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aRedirectToARefusedAddressIsRefusedAndTheSecondServerGetsNothing() throws Exception {
        try (CountingServer second = startOn127002()) {
            String target = "http://127.0.0.2:" + second.port() + "/";
            EgressRefusedException refused = refusedCause(guardedClient("127.0.0.1/32"), redirect(target));
            assertThat(refused.getMessage())
                    .startsWith("refused to connect to 127.0.0.2 (a loopback address)");
            assertThat(server.requests()).isEqualTo(1);
            assertThat(second.requests()).isZero();
        }
    }

    @Test
    void theSameRedirectReachesTheSecondServerWhenItsAddressIsAllowed() throws Exception {
        try (CountingServer second = startOn127002()) {
            String target = "http://127.0.0.2:" + second.port() + "/";
            ContentResponse response = get(guardedClient("127.0.0.0/8"), redirect(target));
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(second.requests()).isEqualTo(1);
        }
    }

    @Test
    void theResolverAloneRefusesARedirectToARefusedAddress() throws Exception {
        try (CountingServer second = startOn127002()) {
            client = new HttpClient();
            EgressGuard guard = EgressGuard.of(EgressPolicy.parse("127.0.0.1/32", "egress.allow"));
            client.setSocketAddressResolver(guard.resolver(new SocketAddressResolver.Sync()));
            client.start();
            String target = "http://127.0.0.2:" + second.port() + "/";
            EgressRefusedException refused = refusedCause(client, redirect(target));
            assertThat(refused.getMessage())
                    .startsWith("refused to connect to 127.0.0.2 (a loopback address) for "
                            + target.replaceAll("/$", ""));
            assertThat(server.requests()).isEqualTo(1);
            assertThat(second.requests()).isZero();
        }
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() throws Exception {
        HttpClient guarded = guardedClient("127.0.0.1/32");
        // Jetty's client treats ws like http; the guard's request check refuses it before it is queued
        EgressRefusedException refused = refusedCause(guarded,
                redirect("ws://127.0.0.1:" + server.port() + "/"));
        assertThat(refused.getMessage()).contains("Weft calls only http and https URLs, not ws");
        assertThat(server.requests()).isEqualTo(1);
        // Jetty itself fails a redirect to any other scheme
        assertThatThrownBy(() -> get(guarded, redirect("ftp://127.0.0.1:" + server.port() + "/")))
                .isInstanceOf(ExecutionException.class).rootCause().hasMessageContaining("ftp");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void aNonStandardSpellingOfAnAllowedAddressIsRefused() throws Exception {
        EgressRefusedException refused = refusedCause(guardedClient("127.0.0.1/32"),
                "http://2130706433:" + server.port() + "/");
        assertThat(refused.getMessage()).contains("non-standard spelling of the IPv4 address 127.0.0.1");
        assertThat(server.requests()).isZero();
    }

    @Test
    void aNameThatPassedTheUrlCheckIsRefusedWhenItResolvesToLoopback() throws Exception {
        String url = "http://rebind.test:" + server.port() + "/";
        assertThatCode(() -> EgressGuard.of(EgressPolicy.blockPrivate()).checkUri(URI.create(url)))
                .as("the URL alone passes").doesNotThrowAnyException();
        HttpClient guarded = guardedClient(null, rebindingResolver());
        EgressRefusedException refused = refusedCause(guarded, url);
        assertThat(refused.getMessage())
                .startsWith("refused to connect to 127.0.0.1 (a loopback address), the address"
                        + " of rebind.test, for http://rebind.test:" + server.port());
        assertThat(server.requests()).isZero();
    }

    @Test
    void anAllowedHostNameIsCalledWhateverItResolvesTo() throws Exception {
        ContentResponse response = get(guardedClient("rebind.test", rebindingResolver()),
                "http://rebind.test:" + server.port() + "/");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aTransportThatSkipsTheResolverIsRefused() throws Exception {
        HttpClient guarded = guardedClient("127.0.0.1/32");
        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> guarded.newRequest(base() + "/")
                        .transport(new Transport.TCPUnix(Path.of("/tmp/weft-no.sock")))
                        .timeout(30, TimeUnit.SECONDS).send());
        assertThat(e.getCause()).isInstanceOf(EgressRefusedException.class)
                .hasMessageContaining("connects without resolving the host");
    }

    @Test
    void aStartedClientCannotBeGuarded() throws Exception {
        client = new HttpClient();
        client.start();
        assertThatThrownBy(() -> EgressGuard.of(EgressPolicy.blockPrivate()).install(client))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("install the egress guard before starting the HttpClient");
    }

    /** Answers 127.0.0.1 for rebind.test (as an attacker's DNS would) and nothing else. */
    private static SocketAddressResolver rebindingResolver() throws Exception {
        InetAddress loopback = InetAddress.getByAddress("rebind.test", new byte[]{127, 0, 0, 1});
        return (host, port, context, promise) -> {
            if (host.equals("rebind.test")) {
                promise.succeeded(List.of(new InetSocketAddress(loopback, port)));
            } else {
                promise.failed(new UnknownHostException(host));
            }
        };
    }

    private static CountingServer startOn127002() {
        try {
            return CountingServer.start("127.0.0.2");
        } catch (Exception e) {
            return Assumptions
                    .abort("cannot listen on 127.0.0.2 (" + e + "); Linux routes all of 127.0.0.0/8 to lo,"
                            + " other systems may not");
        }
    }
}
