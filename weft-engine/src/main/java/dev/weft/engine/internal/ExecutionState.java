package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a worker knows of one execution it holds: the row, the latest record of every step path and the
 * signals not yet consumed. Mirrors what was committed. Confined to the execution's driver thread.
 */
final class ExecutionState {
    ExecutionRecord record;
    final CompiledFlow flow;
    final Map<String, StepRecord> steps = new LinkedHashMap<>();
    final List<SignalRecord> signals = new ArrayList<>();
    private final Function<String, JsonNode> payloads;
    private final int largeOutputBytes;
    long nextSeq;
    /**
     * This run was woken because a child ended (a consumed wake-up signal): the next plan looks at every
     * running subflow's child now instead of at the step's next check time.
     */
    boolean childEnded;

    ExecutionState(ExecutionRecord record, CompiledFlow flow, List<StepRecord> steps,
            List<SignalRecord> signals,
            Function<String, JsonNode> payloads, int largeOutputBytes) {
        this.record = record;
        this.flow = flow;
        this.payloads = payloads;
        this.largeOutputBytes = largeOutputBytes;
        for (StepRecord s : steps) {
            this.steps.put(s.path(), s);
            nextSeq = Math.max(nextSeq, s.seq() + 1);
        }
        this.signals.addAll(signals);
    }

    /** A step's output, loading it from the payload store when it was stored out of line. */
    JsonNode output(StepRecord r) {
        if (r.outputRef() != null) {
            return recentPayloads.computeIfAbsent(r.outputRef(), payloads);
        }
        return r.output();
    }

    /** The few payloads read last, so that replanning does not read the same one again and again. */
    private final Map<String, JsonNode> recentPayloads = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > 4;
        }
    };

    int largeOutputBytes() {
        return largeOutputBytes;
    }

    String id() {
        return record.id();
    }
}
