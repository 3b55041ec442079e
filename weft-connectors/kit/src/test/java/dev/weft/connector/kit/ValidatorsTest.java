package dev.weft.connector.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theyAreSentOnlyToTheUrlTheyCameFromAndSurviveTheCursor() throws Exception {
        Validators v = new Validators("https://api.example/tickets?status=open", "\"33a64df5\"", null);
        assertThat(v.headers("https://api.example/tickets?status=open"))
                .isEqualTo(Map.of("If-None-Match", "\"33a64df5\""));
        assertThat(v.headers("https://api.example/tickets?status=closed")).isEmpty();
        assertThat(Validators.read(JSON.createObjectNode().set(Validators.FIELD, v.toJson()))).contains(v);
    }

    @Test
    void anUnreadableOrUnsafeStoredValueIsIgnored() throws Exception {
        assertThat(Validators.read(null)).isEmpty();
        assertThat(Validators.read(JSON.readTree("{\"validators\": {\"url\": \"https://a.example/x\"}}")))
                .isEmpty();
        assertThat(Validators.read(JSON.readTree("{\"validators\": \"W/1\"}"))).isEmpty();
        // a value that would split the header it is sent back in
        assertThat(Validators.read(JSON.readTree(
                "{\"validators\": {\"url\": \"https://a.example/x\", \"etag\": \"a\\r\\nX-Injected: 1\"}}")))
                .isEmpty();
        assertThat(Validators.read(JSON.readTree(
                "{\"validators\": {\"url\": \"https://a.example/x\", \"lastModified\": \"Sun, 06 Dec 2026 09:00:00 GMT\"}}"))
                .map(x -> x.headers("https://a.example/x")))
                .contains(Map.of("If-Modified-Since", "Sun, 06 Dec 2026 09:00:00 GMT"));
    }
}
