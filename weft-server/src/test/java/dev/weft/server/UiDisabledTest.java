package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.config.ServerSettings;
import dev.weft.server.config.UiSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With {@code ui.enabled: false} the server answers no UI at all. */
class UiDisabledTest extends ServerFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    ServerSettings settings() {
        ServerSettings s = super.settings();
        return s.withFront(s.front().withUi(
                new UiSettings(false, 50, UiSettings.DEFAULT_STREAM_HEARTBEAT, UiSettings.CLASSPATH_ROOT)));
    }

    @Test
    void theRootIsNotFound() throws Exception {
        HttpResponse<String> root = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(404);
        assertThat(root.body()).doesNotContain("<html");
    }
}
