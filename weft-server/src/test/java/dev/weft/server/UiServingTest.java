package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The web UI served from the class path (the test's fixture app): hashed assets cached for a year, every
 * other path the app's index, the UI's strict policy on each answer, nothing outside the app.
 */
class UiServingTest extends ServerFixture {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void carriesTheUiHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void theRootAnswersTheAppsIndexWhichIsAlwaysRevalidated() throws Exception {
        HttpResponse<String> r = send("GET", "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(r.body()).contains("<title>Weft test app</title>");
        carriesTheUiHeaders(r);
    }

    @Test
    void aClientRouteAnswersTheIndexSoThatTheAppRoutesIt() throws Exception {
        for (String path : new String[]{"/executions", "/flows/orders/ship", "/executions/e-1?tab=steps"}) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).contains("<title>Weft test app</title>");
            carriesTheUiHeaders(r);
        }
    }

    @Test
    void aHashedAssetIsServedWithItsTypeAndCachedForAYear() throws Exception {
        HttpResponse<String> r = send("GET", "/assets/app-abc.js");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(r.body()).contains("weft test app");
        carriesTheUiHeaders(r);
        HttpResponse<String> missing = send("GET", "/assets/app-old.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        carriesTheUiHeaders(missing);
    }

    @Test
    void aPathOutsideTheAppIsNeverServed() throws Exception {
        for (String path : new String[]{"/assets/../../../../dev/weft/server/WeftServer.class",
                "/assets/%2e%2e/%2e%2e/logback.xml", "/assets/.hidden", "/assets/", "/assets//app-abc.js",
                "/assets/..%2Findex.html", "/weft/openapi.json", "/../weft/openapi.json"}) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.body()).as(path).doesNotContain("\"openapi\"").doesNotContain("<configuration");
            assertThat(r.statusCode()).as(path).isIn(200, 400, 404);
            if (r.statusCode() == 200) {
                assertThat(r.body()).as(path).contains("<title>Weft test app</title>");
            }
        }
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<String> get = send("GET", "/assets/app-abc.js");
        HttpResponse<String> head = send("HEAD", "/assets/app-abc.js");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length"))
                .isEqualTo(get.headers().firstValue("Content-Length"));
        carriesTheUiHeaders(head);
        assertThat(send("HEAD", "/executions").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiAndTheServersOwnPathsAreNotTheApps() throws Exception {
        HttpResponse<String> api = send("GET", "/api/v1/nowhere");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(api.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; frame-ancestors 'none'");
        assertThat(send("GET", "/health").body()).doesNotContain("<html");
        assertThat(send("GET", "/hooks/nowhere").statusCode()).isIn(404, 405);
        assertThat(send("POST", "/executions").statusCode()).isEqualTo(404);
    }
}
