package dev.weft.connector.llm;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code llm} connector: a language model behind any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp's
 * server, Ollama's {@code /v1}): chats with tools, extraction to a JSON Schema, classification and embeddings.
 * Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class LlmConnector implements Connector {
    private static final ConnectorSpec SPEC;

    static {
        ConnectorSpec.Builder b = ConnectorSpec.builder("llm", "0.1.0")
                .title("LLM (OpenAI-compatible)")
                .description(
                        "A language model behind any OpenAI-compatible endpoint: OpenAI, vLLM, llama.cpp's"
                                + " `llama-server`, Ollama's `/v1`. Chats with tools (`llm.chat`, the call the `agent` step"
                                + " makes), JSON taken from text and checked against a JSON Schema (`llm.extract`), one"
                                + " label of a list (`llm.classify`) and embeddings (`llm.embed`). The credential, when the"
                                + " endpoint wants one, is a `bearer` credential holding its API key (vLLM's `--api-key`,"
                                + " OpenAI's key); the gateway sends it as `Authorization: Bearer`, and a local server"
                                + " started without a key needs none. A model on a private address (127.0.0.1, 10.x,"
                                + " 192.168.x) needs an egress rule that allows it (`egress.allow`). The endpoint's"
                                + " errors are typed: `llm.rate_limited` (a 429, retried after its `Retry-After`),"
                                + " `llm.quota`, `llm.context_length` (the conversation does not fit the model's context),"
                                + " `llm.auth`, `llm.invalid` (the endpoint's message), `llm.unavailable` (5xx, timeouts;"
                                + " retried). Every operation may be repeated, none is cached; the tokens of each answer"
                                + " (`usage`) are counted in the gateway's `weft_call_usage_total` metric. See docs/llm.md"
                                + " for vLLM, llama.cpp and Ollama. Tested against a replay of OpenAI's documented API"
                                + " (chat completions with tools, streaming, logprobs and `response_format`, embeddings,"
                                + " its errors and rate limits), not a hosted model.")
                .config(Operations.parse(Operations.CONFIG))
                .credentials(CredentialType.BEARER);
        Operations.ALL.forEach(b::operation);
        SPEC = b.build();
    }

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new LlmClient(new ModelEndpoint(context, Settings.of(context.config())));
    }
}
