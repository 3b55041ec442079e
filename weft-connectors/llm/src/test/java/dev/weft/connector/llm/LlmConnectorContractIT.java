package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract against the replay of OpenAI's documented API, with an API key that must never come
 * back in an output or an error.
 */
class LlmConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final LlmEndpoint ENDPOINT = LlmEndpoint.perClass();

    /** Every request the contract made was one the replay documents. */
    @AfterAll
    static void everyRequestWasDocumented() {
        assertThat(ENDPOINT.server().unmatched()).as(ENDPOINT.server().toString()).isEmpty();
    }

    @Override
    protected Connector connector() {
        return new LlmConnector();
    }

    @Override
    protected TestSystem system() {
        return ENDPOINT.openAi();
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("llm.chat", "{\"messages\": [{\"role\": \"system\", \"content\": \"You answer in one"
                        + " sentence.\"}, {\"role\": \"user\", \"content\": \"What is an idempotency key?\"}],"
                        + " \"temperature\": 0}"),
                call("llm.chat",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"Where is order 1042?\"}],"
                                + " \"tools\": [{\"name\": \"get_order\", \"description\": \"Reads an order by its number\","
                                + " \"parameters\": {\"type\": \"object\", \"properties\": {\"number\": {\"type\":"
                                + " \"integer\"}}, \"required\": [\"number\"]}}], \"toolChoice\": \"auto\"}"),
                call("llm.chat",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}], \"stream\":"
                                + " true}"),
                call("llm.extract",
                        "{\"input\": \"Invoice INV-2026-114 from ACME GmbH, dated 3 December 2026."
                                + " Total due: 1,250.00 EUR.\", \"schema\": " + LlmReplayIT.INVOICE_SCHEMA
                                + "}"),
                call("llm.classify", "{\"input\": \"My parcel was due on Monday and has still not arrived.\","
                        + " \"labels\": [\"delivery\", \"billing\", \"returns\", \"other\"]}"),
                call("llm.embed",
                        "{\"input\": [\"Stainless steel water bottle, 750 ml\", \"Insulated coffee mug,"
                                + " 350 ml\"], \"model\": \"text-embedding-3-small\"}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("llm.chat",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"A very long document.\"}]}"),
                call("llm.chat",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"Where is order ten?\"}]}"),
                call("llm.chat",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"model\": \"gpt-9\"}"),
                call("llm.chat", "{\"messages\": []}"),
                call("llm.extract",
                        "{\"input\": \"Thanks for shopping with us! Have a nice day.\", \"schema\": {"
                                + "\"type\": \"object\", \"required\": [\"total\"], \"properties\": {\"total\": {\"type\":"
                                + " \"number\"}}}, \"maxRepairs\": 1}"),
                call("llm.classify", "{\"input\": \"Hello? Is anyone there?\", \"labels\": [\"delivery\","
                        + " \"billing\"]}"),
                call("llm.embed", "{\"input\": []}"));
    }
}
