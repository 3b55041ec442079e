package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.config.FrontSettings;
import dev.weft.server.config.ServerSettings;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP front's limits: per-operation body sizes, request rates, CORS closed by default, TLS with HSTS. */
class FrontLimitsTest {
    private static final String KEY = "test-admin-key-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;
    private WeftServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ServerCalls start(FrontSettings front) throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0).withFront(front),
                Map.of("WEFT_ADMIN_API_KEY", KEY), Clock.systemUTC());
        return new ServerCalls(server.port(), KEY);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void aBodyOverItsOperationsLimitIs413NamingTheLimit() throws Exception {
        ServerCalls api = start(FrontSettings.defaults());
        String big = "{\"login\": \"" + "x".repeat(20_000) + "\", \"password\": \"p\"}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("16384 bytes (this operation's limit)");
        HttpResponse<String> credential = api.call("PUT", "/api/v1/credentials/big", "{\"type\": \"secret\","
                + " \"value\": \"" + "s".repeat(70_000) + "\"}", "application/json");
        assertThat(credential.statusCode()).isEqualTo(413);
        HttpResponse<String> input = api.call("POST", "/api/v1/events",
                "{\"type\": \"big.event\", \"payload\":"
                        + " {\"text\": \"" + "t".repeat(20_000) + "\"}}",
                "application/json");
        assertThat(input.statusCode()).as("more than 16 KiB for events").isEqualTo(201);
    }

    @Test
    void aKeyOverItsRateIsAnswered429WithRetryAfter() throws Exception {
        ServerCalls api = start(new FrontSettings(null, null, List.of(), 5, 1000, 0, 0));
        int limited = 0;
        HttpResponse<String> refusal = null;
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = api.call("GET", "/api/v1/flows", null, null);
            if (r.statusCode() == 429) {
                limited++;
                refusal = r;
            }
        }
        assertThat(limited).isGreaterThan(10);
        assertThat(refusal.headers().firstValue("Retry-After")).isPresent();
        assertThat(refusal.body()).contains("rate.limited", "5 a second");
    }

    @Test
    void corsIsClosedUnlessTheOriginIsAllowed() throws Exception {
        start(new FrontSettings(null, null, List.of("https://app.example.com"), 1000, 5000, 0, 0));
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/api/v1/flows"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "PUT"));
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("https://app.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("X-CSRF-Token");
        HttpResponse<String> other = send(HttpRequest.newBuilder(uri("/api/v1/flows"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "PUT"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> simple = send(HttpRequest.newBuilder(uri("/health")).header("Origin",
                "https://evil.example"));
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void tlsFromPemFilesServesHttpsWithHstsAndSecureCookies() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(new X500Name("CN=localhost"), BigInteger.ONE,
                        Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)),
                        new X500Name("CN=localhost"), pair.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Path cert = data.resolve("cert.pem");
        Path key = data.resolve("key.pem");
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes());
        Files.writeString(cert,
                "-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key,
                "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        start(new FrontSettings(cert, key, List.of(), 1000, 5000, 0, 0));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("weft", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
        String base = "https://localhost:" + server.port();

        HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");

        new ServerCalls(server.port(), KEY); // the admin key exists; add a user over HTTPS and sign in
        HttpResponse<String> user = https.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/tenants/default/users")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"login\": \"ann\", \"password\": \"correct horse battery staple\", \"role\": \"viewer\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
        HttpResponse<String> login = https
                .send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"login\": \"ann\", \"password\": \"correct horse battery staple\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).contains("Secure"));

        assertThat(HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString()).handle((r, e) -> e != null || r.statusCode() >= 400)
                .get())
                .as("plain HTTP to the TLS port").isTrue();
    }
}
