package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What every answer of the server carries, how it answers a missing or wrong key, and guessing of keys. */
class HttpFrontTest extends ServerFixture {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> answer : java.util.List.of(get("/health", null),
                get("/api/v1/nowhere", null),
                get("/api/v1/flows", ADMIN_KEY), get("/api/v1/flows", null))) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValue(
                    "default-src 'none'; frame-ancestors 'none'");
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void a401SaysHowToAuthenticate() throws Exception {
        HttpResponse<String> none = get("/api/v1/flows", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"weft\"");
        HttpResponse<String> wrong = get("/api/v1/flows", "not-a-key-0123456789abcdef");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"weft\", error=\"invalid_token\"");
    }

    @Test
    void anAddressThatKeepsFailingToAuthenticateIsThrottled() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(get("/api/v1/flows", "guess-" + i + "-0123456789abcdef").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = get("/api/v1/flows", "guess-30-0123456789abcdef");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.body()).contains("auth.throttled");
        // A guesser learns nothing meanwhile: the right key gets the same answer
        assertThat(get("/api/v1/flows", ADMIN_KEY).statusCode()).isEqualTo(429);
        // Routes without a key are not affected
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    /** A request as written, status line and body of the answer (the JDK's client refuses a malformed URI). */
    private String raw(String target) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + ADMIN_KEY + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMalformedPathParameterIsA400NamingIt() throws Exception {
        String malformed = raw("/api/v1/credentials/%zz");
        assertThat(malformed).startsWith("HTTP/1.1 400").doesNotContain("Exception");
        HttpResponse<String> plus = get("/api/v1/credentials/a+b", ADMIN_KEY);
        assertThat(plus.statusCode()).isEqualTo(400);
        assertThat(plus.body()).contains("'a+b'");
    }
}
