package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.Map;

/**
 * Systems on the replay of OpenAI's documented API ({@code replay/openai.json}), with the platform's HTTP
 * transport: an OpenAI system whose key is sent as {@code Authorization: Bearer}, as the gateway's bearer auth
 * sends it, and a vLLM system without a key.
 */
final class LlmReplay {
    static final String KEY = "sk-proj-canary-7f3e9a1c5b2d4e6f8a0b1c2d3e4f5a6b";
    static final String WRONG_KEY = "sk-proj-wrong-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";
    static final String VLLM_MODEL = "Qwen/Qwen2.5-7B-Instruct";

    private LlmReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/openai.json");
    }

    /** An OpenAI system of {@code server} (default model gpt-4o-mini) whose requests carry {@code key}. */
    static TestSystem openAi(ReplayServer server, String key) throws ConnectorException {
        TestSystem system = TestSystem.named("openai")
                .withConfig(config(server).put("model", "gpt-4o-mini"))
                .withCredential(new Credential.Bearer(key))
                .withHeaderAuth(Map.of("Authorization", "Bearer " + key));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }

    /** A vLLM system of {@code server}, without a key, that offers {@code structuredOutput}. */
    static TestSystem vllm(ReplayServer server, String structuredOutput) throws ConnectorException {
        TestSystem system = TestSystem.named("vllm")
                .withConfig(
                        config(server).put("model", VLLM_MODEL).put("structuredOutput", structuredOutput));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }

    private static ObjectNode config(ReplayServer server) {
        return JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl() + "/v1");
    }

    static void close(TestSystem system) {
        ((JettyTransport) system.http()).close();
    }
}
