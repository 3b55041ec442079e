package dev.weft.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Shared values and small helpers of the contract tests. */
final class Fixtures {

    /** An instant with milliseconds, so that a store that drops them fails. */
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");
    static final String TENANT = ExecutionStore.DEFAULT_TENANT;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static StepRecord step(String executionId, String path, StepStatus status, long seq) {
        return new StepRecord(executionId, path, path, "http.request", status, 1, null, null, null, null, T0,
                null,
                null, seq);
    }

    /** Creates the executions in one batch and checks that every one was applied. */
    static void create(ExecutionStore store, ExecutionRecord... executions) {
        List<Transition> creates = Arrays.stream(executions).map(Transition::create).toList();
        assertThat(store.apply(creates)).as("creates applied").containsOnly(true);
    }

    static ExecutionRecord stored(ExecutionStore store, String tenantId, String id) {
        return store.execution(tenantId, id).orElseThrow(() -> new AssertionError("no execution " + id));
    }

    static ExecutionRecord stored(ExecutionStore store, String id) {
        return stored(store, TENANT, id);
    }
}
