package dev.weft.engine.flow;

import static dev.weft.engine.flow.FlowFiles.at;
import static dev.weft.engine.flow.FlowFiles.flow;
import static dev.weft.engine.flow.FlowFiles.onlyProblem;
import static dev.weft.engine.flow.FlowFiles.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlowBindingTest {

    private static String oneStep(String step) {
        return "id: x\nsteps:\n" + step.indent(2);
    }

    @Test
    void anUnknownFieldIsReportedAtItsKeyWithTheClosestKnownName() {
        Problem problem = onlyProblem(oneStep("""
                - id: a
                  type: fail
                  message: stop
                  nxt: end
                """));

        assertThat(at(problem)).isEqualTo("6:5 /steps/0/nxt");
        assertThat(problem.message()).startsWith(
                "step 'a': unknown field 'nxt'; did you mean 'next'? Known fields of a fail step:");
    }

    @Test
    void anUnknownFlowFieldIsReportedToo() {
        Problem problem = onlyProblem(
                "id: x\nnamespce: finance\nsteps: [{ id: a, type: fail, message: m }]\n");

        assertThat(at(problem)).isEqualTo("2:1 /namespce");
        assertThat(problem.message()).contains("did you mean 'namespace'?");
    }

    @Test
    void aMissingRequiredFieldIsReportedAtItsObjectWithThePathOfTheField() {
        Problem problem = onlyProblem(oneStep("""
                - id: fetch
                  type: call
                  with: { url: x }
                """));

        assertThat(at(problem)).isEqualTo("3:5 /steps/0/operation");
        assertThat(problem.message()).isEqualTo("step 'fetch': missing required field 'operation' "
                + "(a connector operation written connector.operation, such as http.request)");
    }

    @Test
    void aFlowWithoutIdOrStepsHasTwoProblems() {
        assertThat(problems("description: nothing\n")).extracting(FlowFiles::at)
                .containsExactly("1:1 /id", "1:1 /steps");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedAtTheValue() {
        Problem problem = onlyProblem(oneStep("""
                - id: each
                  type: foreach
                  items: "{{ input.orders }}"
                  concurrency: many
                  steps: [{ id: one, type: fail, message: m }]
                """));

        assertThat(at(problem)).isEqualTo("6:18 /steps/0/concurrency");
        assertThat(problem.message())
                .isEqualTo("step 'each': 'concurrency' must be a whole number, but was the string \"many\"");
    }

    @Test
    void aBadDurationIsReportedWithTheFormsThatAreAccepted() {
        Problem problem = onlyProblem(oneStep("""
                - id: pause
                  type: wait
                  duration: 10 minutes
                """));

        assertThat(at(problem)).isEqualTo("5:15 /steps/0/duration");
        assertThat(problem.message())
                .isEqualTo("step 'pause': 'duration' must be a duration such as 500ms, 4s, 1m, "
                        + "72h, 1d, 1h30m or PT4S, but was the string \"10 minutes\"");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "4s, PT4S", "1m, PT1M", "72h, PT72H", "1d, PT24H", "1h30m, PT1H30M",
            "PT4S, PT4S",
            "P1D, PT24H"})
    void acceptsShortAndIsoDurations(String written, String expected) {
        Flow flow = flow(oneStep("- { id: pause, type: wait, duration: " + written + " }"));

        assertThat(((Step.Wait) flow.steps().get(0)).duration()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "PT-1S"})
    void rejectsATimeoutThatIsNotLongerThanZero(String written) {
        assertThat(
                onlyProblem(oneStep("- { id: a, type: fail, message: m, timeout: " + written + " }")).path())
                .isEqualTo("/steps/0/timeout");
    }

    @Test
    void appliesTheDefaults() {
        Flow flow = flow(oneStep("""
                - id: charge
                  type: call
                  operation: http.request
                  retry: {}
                  compensate: { type: call, operation: http.request }
                  next: each
                - id: each
                  type: foreach
                  items: "{{ input.items }}"
                  steps: [{ id: one, type: fail, message: m }]
                """));

        assertThat(flow.namespace()).isEqualTo("default");
        Step charge = flow.steps().get(0);
        assertThat(charge.common().retry()).isEqualTo(new RetryPolicy(3, RetryPolicy.Backoff.EXPONENTIAL,
                Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2));
        assertThat(charge.common().compensate().id()).isEqualTo("charge-compensate");
        assertThat(((Step.Foreach) flow.steps().get(1)).concurrency()).isEqualTo(1);
        assertThat(flow.steps().get(1).common().retry()).isEqualTo(RetryPolicy.NONE);
    }

    @Test
    void reportsEveryBadRetryField() {
        assertThat(problems(oneStep("""
                - id: a
                  type: fail
                  message: m
                  retry: { maxAttempts: 0, backoff: linear, initial: soon, jitter: 2, tries: 3 }
                """))).extracting(FlowFiles::at).containsExactly("6:27 /steps/0/retry/maxAttempts",
                "6:39 /steps/0/retry/backoff", "6:56 /steps/0/retry/initial", "6:70 /steps/0/retry/jitter",
                "6:73 /steps/0/retry/tries");
    }

    @Test
    void anAwaitTimeoutBelongsToTheAwaitNotToTheCommonFields() {
        Step.Await await = (Step.Await) flow(
                oneStep("- { id: approval, type: await, signal: decision, timeout: 3d }"))
                .steps().get(0);

        assertThat(await.timeout()).isEqualTo(Duration.ofDays(3));
        assertThat(await.common().timeout()).isNull();
    }

    @Test
    void anUnknownStepTypeSuggestsTheClosestType() {
        Problem problem = onlyProblem(oneStep("- { id: a, type: cal, operation: http.request }"));

        assertThat(at(problem)).isEqualTo("3:20 /steps/0/type");
        assertThat(problem.message()).startsWith("step 'a': unknown step type 'cal'; did you mean 'call'?");
    }

    @Test
    void aWaitNeedsExactlyOneOfDurationAndUntil() {
        assertThat(onlyProblem(oneStep("- { id: a, type: wait }")).message())
                .isEqualTo(
                        "step 'a': a wait step needs 'duration' (such as 10m) or 'until' (an instant, or an "
                                + "expression giving one)");
        assertThat(at(
                onlyProblem(oneStep("- { id: a, type: wait, duration: 1s, until: '2030-01-01T00:00:00Z' }"))))
                .isEqualTo("3:47 /steps/0/until");
    }

    @Test
    void eachTriggerTypeNeedsItsField() {
        assertThat(problems("""
                id: x
                triggers:
                  - type: manual
                  - type: webhook
                  - type: schedule
                    timezone: Europe/Berlin
                  - type: flow
                  - type: queue
                steps: [{ id: a, type: fail, message: m }]
                """)).extracting(p -> at(p) + " " + p.message()).containsExactly(
                "4:5 /triggers/1/path trigger 2: missing required field 'path' (the webhook path under "
                        + "/hooks/<namespace>/, such as invoices)",
                "4:5 /triggers/1/verify trigger 2: missing required field 'verify' (how deliveries are verified:"
                        + " verify: {scheme: standard-webhooks, credential: <name>} (or hmac, token, or a vendor's:"
                        + " stripe, slack, hubspot-v3, github, shopify, frappe); write verify: {scheme: none} to accept unsigned deliveries from anyone)",
                "5:5 /triggers/2/cron trigger 3: missing required field 'cron' (a cron expression such as "
                        + "\"0 9 * * *\")",
                "7:5 /triggers/3/flow trigger 4: missing required field 'flow' (the flow whose completion starts "
                        + "this one, written namespace/id)",
                "8:11 /triggers/4/type trigger 5: unknown trigger type 'queue'. Trigger types: manual, webhook, "
                        + "schedule, flow, or a connector's trigger named <connector>.<trigger> (GET /api/v1/connectors)");
    }

    @Test
    void aConnectorTriggerNamesItsSystemAndKeepsItsConfiguration() {
        assertThat(problems("""
                id: x
                triggers:
                  - {type: rabbitmq.consume, queue: orders}
                  - {type: postgres.rows, system: db, every: soon, table: t}
                steps: [{ id: a, type: fail, message: m }]
                """)).extracting(p -> at(p).substring(at(p).indexOf(' ') + 1) + " " + p.message())
                .anySatisfy(
                        m -> assertThat(m).startsWith("/triggers/0/system trigger 1: missing required field"
                                + " 'system'"))
                .anySatisfy(m -> assertThat(m).startsWith("/triggers/1/every"));
    }

    @Test
    void aScheduleTriggersCronZoneAndMisfireAreCheckedWhereWritten() {
        assertThat(problems("""
                id: x
                triggers:
                  - type: schedule
                    description: nightly
                    cron: "0 0 9 * * ?"
                    timezone: europe/berlin
                    misfire: later
                steps: [{ id: a, type: fail, message: m }]
                """)).extracting(FlowFiles::at).containsExactly("5:11 /triggers/0/cron",
                "6:15 /triggers/0/timezone", "7:14 /triggers/0/misfire");
        assertThat(problems(
                """
                        id: x
                        triggers: [{ type: schedule, cron: "*/15 * * * *", timezone: Europe/Berlin, misfire: run-once }]
                        steps: [{ id: a, type: fail, message: m }]
                        """))
                .isEmpty();
    }

    @Test
    void checksTheShapeOfIdsOperationsAndFlowReferences() {
        assertThat(problems("""
                id: Invoice Approval
                steps:
                  - { id: a, type: call, operation: request, next: b }
                  - { id: b, type: subflow, flow: invoice-approval }
                """)).extracting(FlowFiles::at).containsExactly("1:5 /id", "3:37 /steps/0/operation",
                "4:35 /steps/1/flow");
    }

    @Test
    void aCompensateStepRunsOnItsOwn() {
        Problem problem = onlyProblem(oneStep("""
                - id: a
                  type: transform
                  output: 1
                  compensate: { type: fail, message: undo, next: a }
                """));

        assertThat(at(problem)).isEqualTo("6:52 /steps/0/compensate/next");
        assertThat(problem.message()).startsWith("compensate step of 'a': a compensate step runs on its own");
    }

    @Test
    void aSwitchChoosesWithDefaultRatherThanNext() {
        assertThat(onlyProblem(oneStep("""
                - id: s
                  type: switch
                  cases: [{ when: "{{ true }}", next: end }]
                  next: end
                """)).path()).isEqualTo("/steps/0/next");
    }

    @Test
    void endIsNotAStepId() {
        assertThat(onlyProblem(oneStep("- { id: end, type: fail, message: m }")).message())
                .startsWith("step 'end': 'end' is reserved");
    }
}
