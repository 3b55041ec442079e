package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.config.ServerSettings;
import dev.weft.server.config.UiSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A server built without the web UI says so at its root, rather than failing. */
class UiMissingTest extends ServerFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    ServerSettings settings() {
        ServerSettings s = super.settings();
        return s.withFront(s.front().withUi(
                new UiSettings(true, 50, UiSettings.DEFAULT_STREAM_HEARTBEAT, "dev/weft/ui/not-built/")));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootSaysThisBuildHasNoUi() throws Exception {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(root.body()).contains("built without its web UI").contains("/api/v1");
        assertThat(root.headers().firstValue("Content-Security-Policy")).hasValue(UiServingTest.CSP);
        assertThat(get("/executions").statusCode()).isEqualTo(404);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }
}
