package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.weft.testkit.Eventually;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/webhooks.md's Java receiver, compiled and run as the page says ({@code java -cp
 * standardwebhooks-1.1.0.jar Receiver.java} with {@code WEBHOOK_SECRET}), receiving a real server's
 * deliveries: it verifies each with the official library, also after a secret rotation while it still
 * knows only the previous secret.
 */
class WebhookReceiverDocIT extends WebhookServerFixture {
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
    private Process receiverProcess;
    private final List<String> printed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopReceiver() throws Exception {
        if (receiverProcess != null) {
            receiverProcess.destroy();
            receiverProcess.waitFor();
        }
    }

    /** Starts the page's receiver on {@code port}, knowing {@code secret}; returns once it listens. */
    private void startReceiver(int port, String secret) throws Exception {
        Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of("..", "docs", "webhooks.md")));
        assertThat(block.find()).as("docs/webhooks.md has a ```java block").isTrue();
        Path source = Files.writeString(dir.resolve("Receiver.java"), block.group(1));
        String library = Path.of(Webhook.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                library, source.toString()).redirectErrorStream(true);
        pb.environment().put("WEBHOOK_SECRET", secret);
        pb.environment().put("PORT", Integer.toString(port));
        receiverProcess = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(receiverProcess.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(printed::add);
            } catch (java.io.IOException e) {
                printed.add("(output closed: " + e + ")");
            }
        });
        Eventually.until("the receiver listens", PATIENCE,
                () -> printed.stream().anyMatch(l -> l.startsWith("listening on"))
                        || !receiverProcess.isAlive());
        assertThat(receiverProcess.isAlive()).as(String.join("\n", printed)).isTrue();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private long verified(String text) {
        return printed.stream().filter(l -> l.startsWith("verified msg_") && l.contains(text)).count();
    }

    @Test
    void theReceiverOfThePageVerifiesEveryDeliveryAlsoAcrossASecretRotation() throws Exception {
        int port = freePort();
        // Created disabled, so that nothing is sent before the receiver knows the secret.
        CommandLineRun create = ok("endpoints", "create", "--url", "http://127.0.0.1:" + port + "/weft",
                "--events", "invoice.approved", "--disabled");
        String endpoint = createdId(create);
        startReceiver(port, create.out().strip());
        ok("endpoints", "update", endpoint, "--enable");

        publish("invoice.approved", "{\"invoice\": \"INV-7\"}");
        Eventually.until("the receiver verified INV-7", PATIENCE, () -> verified("INV-7") == 1);

        // Rotated: deliveries carry the new and the previous signature; the receiver knows only the previous.
        ok("endpoints", "rotate-secret", endpoint);
        publish("invoice.approved", "{\"invoice\": \"INV-8\"}");
        Eventually.until("the receiver verified INV-8", PATIENCE, () -> verified("INV-8") == 1);
        // The outcome is committed after the receiver has answered (and printed): it may not be there yet.
        Eventually.until("both deliveries are recorded as succeeded", PATIENCE,
                () -> deliveries(endpoint, "--status", "succeeded").size() == 2);
        assertThat(printed).filteredOn(l -> l.startsWith("verified")).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("invoice.approved"));
    }
}
