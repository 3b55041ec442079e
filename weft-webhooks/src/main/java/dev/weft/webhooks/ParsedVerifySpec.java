package dev.weft.webhooks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of {@link VerifySpec#parse}: the spec when the {@code verify} object is valid, else
 * every problem found in it. Immutable.
 */
public record ParsedVerifySpec(Optional<VerifySpec> spec, List<SpecProblem> problems) {
    public ParsedVerifySpec {
        Objects.requireNonNull(spec, "spec");
        problems = List.copyOf(problems);
        if (spec.isPresent() == !problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "a parsed spec has either a spec or problems, but had "
                            + (spec.isPresent() ? "both" : "neither"));
        }
    }

    public boolean valid() {
        return spec.isPresent();
    }

    /** The spec, or an {@link IllegalArgumentException} whose message lists every problem. */
    public VerifySpec orElseThrow() {
        return spec.orElseThrow(() -> new IllegalArgumentException(
                problems.stream().map(SpecProblem::message).collect(Collectors.joining("\n"))));
    }
}
