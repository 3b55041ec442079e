package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A parsed, validated flow definition: the immutable model the engine runs. Expressions are kept as
 * their source text ({@code "{{ ... }}"} strings inside JSON values) and compiled by the engine.
 *
 * @param inputSchema the JSON Schema the execution input is validated against; empty means any input
 * @param onError the id of the top-level step that handles a failure no step handled, or null
 * @param events the custom event types the flow's {@code emit} steps may publish, each with the JSON Schema
 *     its payload must fit; empty means any custom type, unchecked
 */
public record Flow(
        String id,
        String namespace,
        String description,
        JsonNode inputSchema,
        List<Trigger> triggers,
        List<Step> steps,
        String onError,
        java.util.Map<String, JsonNode> events,
        boolean sensitive) {

    public Flow {
        triggers = List.copyOf(triggers);
        steps = List.copyOf(steps);
        events = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(events));
    }

    /** A flow that declares no event types. */
    public Flow(String id, String namespace, String description, JsonNode inputSchema, List<Trigger> triggers,
            List<Step> steps, String onError) {
        this(id, namespace, description, inputSchema, triggers, steps, onError, java.util.Map.of(), false);
    }

    /** {@code namespace/id}, how flows are named on the command line and in the API. */
    public String qualifiedName() {
        return namespace + "/" + id;
    }

    /** The id of every step, nested and compensation steps included. */
    public java.util.Set<String> stepIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        StepLists.of(this).steps().forEach(p -> ids.add(p.step().id()));
        return ids;
    }

    /** The id of every {@code call} step, nested and compensation steps included, sorted. */
    public java.util.SortedSet<String> callStepIds() {
        java.util.SortedSet<String> ids = new java.util.TreeSet<>();
        StepLists.of(this).steps().forEach(p -> {
            if (p.step() instanceof Step.Call) {
                ids.add(p.step().id());
            }
        });
        return ids;
    }

    /**
     * The namespace of every flow a {@code subflow} step starts ({@code namespace/id}), nested and compensation
     * steps included, sorted; a name without a namespace is left out (it fails when run).
     */
    public java.util.SortedSet<String> subflowNamespaces() {
        java.util.SortedSet<String> namespaces = new java.util.TreeSet<>();
        StepLists.of(this).steps().forEach(p -> {
            if (p.step() instanceof Step.Subflow s && s.flow().contains("/")) {
                namespaces.add(s.flow().substring(0, s.flow().indexOf('/')));
            }
        });
        return namespaces;
    }

    /**
     * The {@code signal} of every {@code await} step and the approval signal of every {@code agent} step with
     * a tool that needs approval, nested and compensation steps included, sorted.
     */
    public java.util.SortedSet<String> signalNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        StepLists.of(this).steps().forEach(p -> {
            if (p.step() instanceof Step.Await a && a.signal() != null) {
                names.add(a.signal());
            }
            if (p.step() instanceof Step.Agent a && a.id() != null && a.needsApproval()) {
                names.add(a.approvalSignal());
            }
        });
        return names;
    }

}
