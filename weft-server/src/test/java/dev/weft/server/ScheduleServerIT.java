package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.schedule.ScheduleTriggers;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.engine.StoppedClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedule triggers through a running server, driven by an injected clock: each slot fires exactly once,
 * also across a restart; slots missed while down follow the misfire policy; an edited schedule starts
 * from its next slot.
 */
class ScheduleServerIT {
    static final String KEY = "test-admin-key-0123456789abcdef";
    static final String FLOW = """
            id: report
            namespace: finance
            triggers:
              - type: schedule
                cron: "*/5 * * * *"
                misfire: %s
            steps:
              - id: slot
                type: transform
                output: "{{ trigger.slot }}"
            """;

    @TempDir
    Path data;
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-01-05T10:02:30Z"));
    WeftServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ServerCalls start() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", KEY), clock);
        return new ServerCalls(server.port(), KEY);
    }

    private Instant recordedSlot(String source) throws Exception {
        Flow flow = server.engine().client().validate("report.yaml", source);
        String key = ScheduleTriggers.of(flow).getFirst().key();
        return server.storage().schedules().nextSlot(WeftServer.TENANT, "finance", "report", key)
                .orElse(null);
    }

    private void moveClockTo(Instant t) {
        clock.set(t);
    }

    private List<String> firedSlots(ServerCalls api) throws Exception {
        List<String> slots = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/executions?flow=finance/report").get("executions")) {
            assertThat(e.at("/trigger/type").asText()).isEqualTo("schedule");
            slots.add(e.at("/trigger/slot").asText());
        }
        return slots.reversed();
    }

    @Test
    void eachSlotStartsOneExecutionAlsoAcrossARestart() throws Exception {
        ServerCalls api = start();
        String source = FLOW.formatted("skip");
        api.deploy("finance", "report", source);
        server.schedules().tick();
        Instant first = recordedSlot(source);
        assertThat(first).as("a new trigger records its first slot after now and fires nothing").isNotNull();
        assertThat(firedSlots(api)).isEmpty();

        moveClockTo(first.plusSeconds(2));
        server.schedules().tick();
        server.schedules().tick();
        assertThat(firedSlots(api)).containsExactly(first.toString());
        String id = api.get("/api/v1/executions?flow=finance/report").at("/executions/0/id").asText();
        assertThat(api.awaitEnd(id, Duration.ofSeconds(20)).get("output").asText())
                .isEqualTo(first.toString());

        Instant second = first.plus(Duration.ofMinutes(5));
        assertThat(recordedSlot(source)).isEqualTo(second);
        server.close();
        moveClockTo(second.plusSeconds(30));
        api = start();
        server.schedules().tick();
        server.schedules().tick();

        assertThat(firedSlots(api)).containsExactly(first.toString(), second.toString());
        assertThat(recordedSlot(source)).isEqualTo(second.plus(Duration.ofMinutes(5)));
    }

    @Test
    void eachTenantsSchedulesFireInItsOwnTenant() throws Exception {
        ServerCalls api = start();
        assertThat(api.call("POST", "/api/v1/tenants", "{\"id\": \"beta\"}", "application/json").statusCode())
                .isEqualTo(201);
        JsonNode key = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/tenants/beta/api-keys",
                "{\"name\": \"b\", \"role\": \"editor\"}", "application/json").body());
        ServerCalls beta = new ServerCalls(server.port(), key.get("key").asText());
        String source = FLOW.formatted("skip");
        beta.deploy("finance", "report", source);
        server.schedules("beta").tick();
        Flow flow = server.engine().client().validate("report.yaml", source);
        Instant first = server.storage().schedules()
                .nextSlot("beta", "finance", "report", ScheduleTriggers.of(flow).getFirst().key())
                .orElseThrow();

        moveClockTo(first.plusSeconds(2));
        server.schedules("beta").tick();
        server.schedules().tick();

        assertThat(firedSlots(beta)).containsExactly(first.toString());
        assertThat(firedSlots(api)).as("the default tenant has no such flow").isEmpty();
        assertThat(recordedSlot(source)).as("nor a slot of it").isNull();
    }

    @Test
    void slotsMissedWhileDownFollowTheMisfirePolicy() throws Exception {
        ServerCalls api = start();
        String skip = FLOW.formatted("skip");
        api.deploy("finance", "report", skip);
        server.schedules().tick();
        Instant first = recordedSlot(skip);
        server.close();

        moveClockTo(first.plus(Duration.ofMinutes(22)));
        api = start();
        server.schedules().tick();
        assertThat(firedSlots(api)).as("skip: four missed slots, none fired").isEmpty();
        Instant next = recordedSlot(skip);
        assertThat(next).isAfter(clock.instant());

        String runOnce = FLOW.formatted("run-once");
        api.deploy("finance", "report", runOnce);
        server.close();
        moveClockTo(next.plus(Duration.ofMinutes(17)));
        api = start();
        server.schedules().tick();
        assertThat(firedSlots(api)).as("run-once: the latest missed slot, once")
                .containsExactly(next.plus(Duration.ofMinutes(15)).toString());
    }

    @Test
    void anEditedScheduleStartsFromItsNextSlotAndARemovedOneIsForgotten() throws Exception {
        ServerCalls api = start();
        String every5 = FLOW.formatted("run-once");
        api.deploy("finance", "report", every5);
        server.schedules().tick();
        Instant first = recordedSlot(every5);

        String hourly = every5.replace("*/5 * * * *", "0 * * * *");
        api.deploy("finance", "report", hourly);
        assertThat(recordedSlot(every5)).as("the old trigger's row is gone on deploy").isNull();
        server.schedules().tick();
        assertThat(recordedSlot(hourly)).isAfter(clock.instant());

        String manualOnly = """
                id: report
                namespace: finance
                triggers: [{ type: manual }]
                steps: [{ id: slot, type: transform, output: 1 }]
                """;
        api.deploy("finance", "report", manualOnly);
        assertThat(recordedSlot(every5)).isNull();
        moveClockTo(first.plus(Duration.ofMinutes(30)));
        api.deploy("finance", "report", every5);
        server.schedules().tick();
        assertThat(firedSlots(api)).as("a schedule that comes back does not catch up on its absence")
                .isEmpty();
        assertThat(recordedSlot(every5)).isAfter(clock.instant());

        assertThat(api.call("DELETE", "/api/v1/flows/finance/report", null, null).statusCode())
                .isEqualTo(204);
        assertThat(recordedSlot(every5)).isNull();
    }

    @Test
    void aBadCronIsRefusedAtDeployWithItsLocation() throws Exception {
        ServerCalls api = start();
        var answer = api.call("PUT", "/api/v1/flows/finance/report",
                FLOW.formatted("skip").replace("*/5 * * * *", "0 0 9 * * ?"), "application/yaml");

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode detail = ServerCalls.JSON.readTree(answer.body()).at("/details/0");
        assertThat(detail.get("path").asText()).isEqualTo("/triggers/0/cron");
        assertThat(detail.get("line").asInt()).isEqualTo(5);
        assertThat(detail.get("message").asText()).contains("6 fields");
    }

    @Test
    void readinessIncludesTheSchedulerAndMetricsShowTheQueue() throws Exception {
        ServerCalls api = start();
        api.deploy("finance", "report", FLOW.formatted("skip"));
        server.schedules().tick();
        moveClockTo(recordedSlot(FLOW.formatted("skip")).plusSeconds(1));
        server.schedules().tick();
        String id = api.get("/api/v1/executions?flow=finance/report").at("/executions/0/id").asText();
        api.awaitEnd(id, Duration.ofSeconds(20));

        JsonNode detailed = api.get("/health/detailed");
        assertThat(detailed.at("/components/scheduler/status").asText()).isEqualTo("up");
        String metrics = api.call("GET", "/metrics", null, null).body();
        assertThat(metrics).contains("weft_executions_unfinished{status=\"queued\"} 0.0")
                .contains("weft_executions_finished_total{flow=\"finance/report\",status=\"succeeded\"} 1.0");
    }
}
