package dev.weft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example configuration of docs/configuration.md is read as written, with the defaults it shows; every
 * option the reader knows has a row in its table; and a wrong option is named.
 */
class ConfigurationDocTest {
    private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

    private static String doc() throws Exception {
        return Files.readString(Path.of("../docs/configuration.md"));
    }

    @Test
    void theExampleIsReadAsWrittenWithTheDefaultsItShows() throws Exception {
        Matcher m = YAML.matcher(doc());
        assertThat(m.find()).isTrue();
        ServerSettings s = ServerSettings.parse("configuration.md", m.group(1),
                Map.of("WEFT_DB_PASSWORD", "x", "WEFT_OIDC_CLIENT_SECRET", "y"));
        ServerSettings d = ServerSettings.defaults();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.maxBodyBytes()).isEqualTo(d.maxBodyBytes());
        assertThat(s.front().keyRequestsPerSecond()).isEqualTo(d.front().keyRequestsPerSecond());
        assertThat(s.front().tenantRequestsPerSecond()).isEqualTo(d.front().tenantRequestsPerSecond());
        assertThat(s.front().tenantMaxActiveExecutions()).isEqualTo(d.front().tenantMaxActiveExecutions());
        assertThat(s.front().tenantMaxStoredBytes()).isEqualTo(d.front().tenantMaxStoredBytes());
        assertThat(s.front().corsOrigins()).isEmpty();
        assertThat(s.auth().sessionTtl()).isEqualTo(d.auth().sessionTtl());
        assertThat(s.auth().oidc()).isNull();
        assertThat(s.auditSyslog()).isNull();
        assertThat(s.engine()).isEqualTo(d.engine());
        assertThat(s.webhooks()).isEqualTo(d.webhooks());
        assertThat(s.sync()).isEqualTo(d.sync());
    }

    @Test
    void everyDataSyncOptionHasARowAndAWrongOneIsNamed() throws Exception {
        String doc = doc();
        for (String option : List.of("pollInterval", "lease", "maxConcurrentRuns", "retention")) {
            assertThat(doc).as(option).contains("| `sync." + option + "` |");
        }
        assertThat(ServerSettings.parse("t", "sync: {lease: 5m, maxConcurrentRuns: 2}", Map.of()).sync())
                .isEqualTo(dev.weft.sync.SyncSettings.defaults().withLease(java.time.Duration.ofMinutes(5))
                        .withMaxConcurrentRuns(2));
        assertThatThrownBy(() -> ServerSettings.parse("t", "sync: {lease: 1s}", Map.of()))
                .hasMessageContaining("sync.lease must be at least 3s");
        assertThatThrownBy(() -> ServerSettings.parse("t", "sync: {leese: 1s}", Map.of()))
                .hasMessageContaining("leese");
    }

    @Test
    void theEventStreamsHeartbeatIsReadAndBounded() throws Exception {
        assertThat(ServerSettings.parse("t", "ui: {streamHeartbeat: 40s}", Map.of()).front().ui()
                .streamHeartbeat())
                .isEqualTo(java.time.Duration.ofSeconds(40));
        assertThatThrownBy(() -> ServerSettings.parse("t", "ui: {streamHeartbeat: 11m}", Map.of()))
                .hasMessageContaining("ui.streamHeartbeat must be from 1s to 10m");
    }

    @Test
    void everyOutboundWebhookOptionAndItsVariableHaveARow() throws Exception {
        String doc = doc();
        for (String option : WebhookConfig.OPTIONS) {
            assertThat(doc).as(option).contains("| `webhooks." + option + "` |");
        }
        assertThat(doc).contains("| `" + WebhookConfig.RETRY_SCHEDULE_ENV + "` |");
    }

    @Test
    void everyNewSecurityOptionHasARowInTheTable() throws Exception {
        String doc = doc();
        for (String option : List.of("server.tls.certificate", "server.cors.allowedOrigins", "store.owner",
                "limits.keyRequestsPerSecond", "limits.tenantRequestsPerSecond",
                "limits.tenantMaxActiveExecutions", "limits.tenantMaxStoredBytes",
                "auth.sessionTtl", "auth.oidc.issuer", "auth.oidc.redirectUri", "auth.oidc.tenantClaim",
                "audit.syslog.host", "audit.syslog.protocol")) {
            assertThat(doc).as(option).contains("`" + option + "`");
        }
    }

    @Test
    void wrongSecurityOptionsAreNamed() {
        assertThatThrownBy(() -> ServerSettings.parse("t", "server: {tls: {certificate: a.pem}}", Map.of()))
                .hasMessageContaining("server.tls: give both");
        assertThatThrownBy(
                () -> ServerSettings.parse("t", "server: {cors: {allowedOrigins: ['*']}}", Map.of()))
                .hasMessageContaining("server.cors.allowedOrigins");
        assertThatThrownBy(() -> ServerSettings.parse("t", "auth: {oidc: {issuer: 'https://idp'}}", Map.of()))
                .hasMessageContaining("auth.oidc.clientId").hasMessageContaining("auth.oidc.redirectUri");
        assertThatThrownBy(
                () -> ServerSettings.parse("t", "audit: {syslog: {host: h, protocol: smtp}}", Map.of()))
                .hasMessageContaining("protocol");
    }
}
