package dev.weft.engine.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.ScheduleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Flows deployed in memory, a settable clock, a CAS-exact store and a recording firer. */
final class ScheduleFixture {
    static final String TENANT = "acme";
    static final String NAMESPACE = "finance";
    private static final ObjectMapper JSON = new ObjectMapper();

    final SettableClock clock;
    final InMemoryScheduleStore store = new InMemoryScheduleStore();
    final RecordingFirer firer = new RecordingFirer();
    private final Map<String, FlowVersion> latest = new LinkedHashMap<>();
    private final Map<FlowVersion, Flow> flows = new ConcurrentHashMap<>();

    ScheduleFixture(String start) {
        clock = new SettableClock(Instant.parse(start));
    }

    /** Deploys a new version of {@code flowId} with these triggers, written as JSON objects. */
    synchronized FlowVersion deploy(String flowId, String... triggers) {
        List<Trigger> list = new ArrayList<>();
        for (String t : triggers) {
            JsonNode config = read(t);
            list.add(new Trigger(config.path("type").asText(), config));
        }
        Flow flow = new Flow(flowId, NAMESPACE, null, null, list, List.of(), null);
        FlowVersion previous = latest.get(flowId);
        FlowVersion v = new FlowVersion(TENANT, NAMESPACE, flowId,
                previous == null ? 1 : previous.version() + 1,
                String.join("\n", triggers), "sha-" + flowId + "-" + latest.size(), clock.instant());
        latest.put(flowId, v);
        flows.put(v, flow);
        return v;
    }

    synchronized void delete(String flowId) {
        latest.remove(flowId);
    }

    synchronized List<FlowVersion> latestVersions() {
        return List.copyOf(latest.values());
    }

    Scheduler scheduler() {
        return scheduler(store);
    }

    Scheduler scheduler(ScheduleStore over) {
        return scheduler(over, firer);
    }

    Scheduler scheduler(ScheduleStore over, SlotFirer with) {
        return Scheduler.create(TENANT, this::latestVersions, flows::get, over, with, clock);
    }

    Scheduler scheduler(Duration grace) {
        return Scheduler.create(TENANT, this::latestVersions, flows::get, store, firer, clock, grace);
    }

    /** Ticks every {@code step} until {@code duration} has passed, the last tick at its end. */
    void run(Scheduler scheduler, Duration duration, Duration step) {
        Instant end = clock.instant().plus(duration);
        while (clock.instant().isBefore(end)) {
            scheduler.tick();
            clock.advance(step);
        }
        clock.set(end);
        scheduler.tick();
    }

    static String schedule(String cron) {
        return "{\"type\": \"schedule\", \"cron\": \"" + cron + "\"}";
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** Every slot of {@code cron} in UTC from {@code from} (exclusive) to {@code to} (inclusive). */
    static List<Instant> slotsBetween(String cron, Instant from, Instant to) {
        CronSlots slots = CronSlots.of(cron, ScheduleSpec.DEFAULT_ZONE);
        List<Instant> all = new ArrayList<>();
        for (Instant s = slots.next(from).orElseThrow(); !s.isAfter(to); s = slots.next(s).orElseThrow()) {
            all.add(s);
        }
        return all;
    }

    static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }
}
