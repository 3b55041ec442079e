package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.webhook.EventTypeRecord;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.testkit.store.WebhookStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook store contract on PostgreSQL as an application role under row-level security (V27): every
 * operation names its tenant, or all of them, correctly; and a connection that names none sees no webhook row.
 */
class PostgresRowLevelSecurityWebhooksIT extends WebhookStoreContract {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");
    private static final List<String> TABLES = List.of("webhook_endpoints", "webhook_messages",
            "webhook_deliveries", "webhook_attempts", "event_types");

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(SCHEMAS.appSettings("rls-webhooks"));
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aConnectionWithoutATenantSeesNoWebhookRowAndATenantOnlyItsOwn() throws SQLException {
        storage().webhooks().createEndpoint(new WebhookEndpoint("acme", "ep_1", "https://a.example.com", null,
                List.of("*"), null, Map.of(), null, null, true, null, 1, null, null, T0, T0, 1));
        WebhookMessage m = new WebhookMessage("acme", "msg_1", "invoice.paid", "evt_1", "{}", T0);
        WebhookDelivery d = WebhookDelivery.pending("acme", "dlv_1", "ep_1", "msg_1", "invoice.paid", T0,
                null,
                null);
        storage().webhooks().enqueue(List.of(m), List.of(d));
        long version = storage().webhooks().claim("node", T0, T0.plusSeconds(30), 1, o -> false, Set.of())
                .get(0)
                .delivery().leaseVersion();
        storage().webhooks().record(List.of(new dev.weft.engine.store.webhook.AttemptOutcome(
                new WebhookAttempt("acme", "dlv_1", 1, "ep_1", "msg_1", T0, 5, Map.of(), 200, "ok", null,
                        true),
                version, dev.weft.engine.store.webhook.DeliveryStatus.SUCCEEDED, null)), T0);
        storage().webhooks().putEventType(new EventTypeRecord("acme", "invoice.paid", null,
                JsonNodeFactory.instance.objectNode(), null, T0, T0));

        try (Connection c = DriverManager.getConnection(PostgresSchemas.URL, PostgresSchemas.APP_ROLE, null);
                Statement s = c.createStatement()) {
            c.setSchema(SCHEMAS.appSettings("rls-webhooks").schema());
            for (String table : TABLES) {
                assertThat(count(s, "SELECT count(*) FROM " + table)).as(table + " without a tenant")
                        .isZero();
            }
            c.setAutoCommit(false);
            s.execute("SET LOCAL weft.tenant = 'acme'");
            for (String table : TABLES) {
                assertThat(count(s, "SELECT count(*) FROM " + table)).as(table + " as acme").isOne();
            }
            c.rollback();
            s.execute("SET LOCAL weft.tenant = 'globex'");
            for (String table : TABLES) {
                assertThat(count(s, "SELECT count(*) FROM " + table)).as(table + " as globex").isZero();
            }
            assertThat(s.executeUpdate("UPDATE webhook_deliveries SET status = 'pending'")).isZero();
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO event_types (tenant_id, type, json_schema,"
                    + " created_at, updated_at) VALUES ('acme', 'x.y', '{}', 0, 0)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            c.rollback();
        }
    }
}
