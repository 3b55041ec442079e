package dev.weft.connector.llm;

import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup the llm tests share, as a JUnit extension: the replay of OpenAI's documented API and an OpenAI
 * system of it with {@link LlmReplay#KEY}, started fresh for each test ({@link #perTest()}) or once for a
 * class ({@link #perClass()}, registered on a static field), and closed after.
 */
final class LlmEndpoint
        implements
            BeforeAllCallback,
            AfterAllCallback,
            BeforeEachCallback,
            AfterEachCallback {
    private final boolean perClass;
    private ReplayServer server;
    private TestSystem openAi;

    private LlmEndpoint(boolean perClass) {
        this.perClass = perClass;
    }

    static LlmEndpoint perTest() {
        return new LlmEndpoint(false);
    }

    static LlmEndpoint perClass() {
        return new LlmEndpoint(true);
    }

    ReplayServer server() {
        return server;
    }

    TestSystem openAi() {
        return openAi;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (perClass) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) {
            stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void start() throws Exception {
        server = LlmReplay.start();
        openAi = LlmReplay.openAi(server, LlmReplay.KEY);
    }

    private void stop() {
        if (openAi != null) {
            LlmReplay.close(openAi);
        }
        if (server != null) {
            server.close();
        }
    }
}
