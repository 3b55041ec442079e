package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import org.junit.jupiter.api.Test;

/** A system's config (credential origins as a page's origin reads; no executable a tenant chooses) and Chromium's flags. */
class SettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void credentialOriginsAreReadAsLocationOriginWritesThem() throws Exception {
        Settings settings = Settings.of(JSON.readTree(
                """
                        {"credentialOrigins": ["HTTPS://Portal.Example.com/", "http://10.0.0.5:8080", "http://a.test:80"]}"""));

        assertThat(settings.credentialOrigins())
                .containsExactly("https://portal.example.com", "http://10.0.0.5:8080", "http://a.test");
        assertThat(settings.maxRunBytes()).isEqualTo(Settings.DEFAULT_MAX_RUN_BYTES);
    }

    @Test
    void anOriginWithAPathIsRefusedNamingTheFieldAndTheFix() {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> Settings.of(JSON.readTree("""
                        {"credentialOrigins": ["https://portal.example.com/login"]}""")));

        assertThat(e.code()).isEqualTo("browser.config");
        assertThat(e.getMessage()).contains("'credentialOrigins'", "https://portal.example.com/login",
                "scheme, host and port only");
    }

    @Test
    void chromiumIsNotASystemSettingButTheOperators() {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> Settings.of(JSON.readTree("""
                        {"chromium": "/tmp/evil"}""")));

        assertThat(e.getMessage()).contains("'chromium'", Settings.CHROMIUM_VARIABLE);
    }

    @Test
    void chromiumKeepsItsSandboxUnlessTheJvmRunsAsRoot() {
        assertThat(Chromium.command("/usr/bin/chromium", java.nio.file.Path.of("/tmp/p"), 800, 600, false))
                .doesNotContain("--no-sandbox").contains("--disable-crash-reporter", "--disable-breakpad");
        assertThat(Chromium.command("/usr/bin/chromium", java.nio.file.Path.of("/tmp/p"), 800, 600, true))
                .contains("--no-sandbox");
    }
}
