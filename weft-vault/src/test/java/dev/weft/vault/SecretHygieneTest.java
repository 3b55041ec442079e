package dev.weft.vault;

import static dev.weft.vault.Bodies.body;
import static dev.weft.vault.Bodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.connector.Credential;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.store.SealedCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary secret written through every path the vault has never shows up in an exception, in the
 * {@code toString()} of anything it returns, or in its log output.
 */
class SecretHygieneTest {

    private static final String CANARY = "CANARY-5e0f1d2c";

    @TempDir
    Path dir;
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    final List<Object> returned = new ArrayList<>();
    final List<Throwable> thrown = new ArrayList<>();

    @Test
    void aCanarySecretNeverLeaksThroughMessagesToStringOrLogs() throws Exception {
        String log;
        try (LogCapture capture = LogCapture.start()) {
            Vault vault = Vault.open(MasterKeySource.ofKeyFile(dir.resolve("master.key")), store,
                    new TestClock());
            returned.add(vault);
            writeEveryType(vault);
            readEverything(vault);
            submitInvalidBodies(vault);
            tamperAndReveal(vault);
            RotationReport report = vault.rotate();
            assertThat(report.unreadable()).containsExactly("acme/victim");
            returned.add(report);
            readEverything(vault);
            log = capture.text();
        }

        assertThat(thrown).hasSize(13).allSatisfy(e -> {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(Bodies.stackTrace(e)).doesNotContain(CANARY);
        });
        assertThat(returned).hasSizeGreaterThan(20)
                .allSatisfy(o -> assertThat(String.valueOf(o)).doesNotContain(CANARY));
        assertThat(log).isNotBlank().doesNotContain(CANARY);
        assertThat(log)
                .doesNotContain(Bodies.json(Files.readString(dir.resolve("master.key"))).get("key").get(0)
                        .get("keyData").get("value").asText());
        for (SealedCredential row : store.allCredentials()) {
            assertThat(row.metadata().toString()).doesNotContain(CANARY);
        }
    }

    private void writeEveryType(Vault vault) {
        returned.add(vault.put("acme", "secret", body("type", "secret", "value", CANARY)));
        returned.add(vault.put("acme", "basic", body("type", "basic", "username", "u", "password", CANARY)));
        returned.add(vault.put("acme", "bearer", body("type", "bearer", "token", CANARY)));
        returned.add(vault.put("acme", "apikey",
                body("type", "apiKey", "in", "query", "name", "key", "value", CANARY)));
        returned.add(vault.put("acme", "oauth", body("type", "oauth2ClientCredentials", "tokenUrl",
                "https://id.example/token", "clientId", "c", "clientSecret", CANARY, "scope", "s")));
        returned.add(vault.put("acme", "refresh", body("type", "oauth2RefreshToken", "tokenUrl",
                "https://id.example/token", "clientId", "c", "clientSecret", CANARY, "refreshToken",
                CANARY)));
        returned.add(vault.put("acme", "hmac", body("type", "hmac", "keyId", "k1", "secret", CANARY)));
        // The gateway's write-back of a rotated refresh token.
        returned.add(vault.update("acme", "refresh", 1, Map.of("refreshToken", CANARY)));
    }

    private void readEverything(Vault vault) {
        for (String name : List.of("secret", "basic", "bearer", "apikey", "oauth", "refresh", "hmac")) {
            returned.add(vault.info("acme", name));
            Credential credential = vault.reveal("acme", name).orElseThrow();
            assertThat(CredentialSecrets.of(credential)).isNotEmpty().containsOnly(CANARY);
            returned.add(credential);
            returned.add(vault.reveal("acme", name));
        }
        returned.add(vault.list("acme"));
    }

    private void submitInvalidBodies(Vault vault) {
        List<JsonNode> bodies = List.of(
                body("type", "basic", "username", "u", "password", CANARY, "passwrd", CANARY),
                body("type", "apiKey", "in", CANARY, "name", "k", "value", CANARY),
                body("type", "apiKey", "in", "header", "name", CANARY + " x", "value", CANARY),
                body("type", "oauth2ClientCredentials", "tokenUrl", "https://id:" + CANARY + "@x.example/t",
                        "clientId", "c", "clientSecret", CANARY),
                body("type", "secret", "value", CANARY.repeat(10_000)),
                json("{\"type\":\"bearer\",\"token\":[\"" + CANARY + "\"]}"),
                json("{\"type\":\"bearer\",\"token\":{\"" + CANARY + "\":\"" + CANARY + "\"}}"),
                body("type", "oauth2RefreshToken", "tokenUrl", "https://x.example/t?" + CANARY, "clientId",
                        "c",
                        "refreshToken", CANARY, "refresh_token", CANARY),
                body("type", "hmac", "secret", CANARY, "algorithm", CANARY, "header", CANARY + " x"));
        for (JsonNode body : bodies) {
            Throwable e = catchThrowable(() -> vault.put("acme", "bad", body));
            assertThat(e).isInstanceOf(InvalidCredentialException.class)
                    .hasMessageStartingWith("credential 'bad': ");
            thrown.add(e);
        }
        Throwable e = catchThrowable(() -> vault.update("acme", "refresh", 2, Map.of("refreshToken",
                CANARY.repeat(10_000))));
        assertThat(e).isInstanceOf(InvalidCredentialException.class);
        thrown.add(e);
    }

    private void tamperAndReveal(Vault vault) {
        SealedCredential basic = store.credential("acme", "basic").orElseThrow();
        SealedCredential bearer = store.credential("acme", "bearer").orElseThrow();
        store.overwrite(
                new SealedCredential("acme", "bearer", bearer.version(), bearer.type(), bearer.metadata(),
                        basic.ciphertext(), bearer.wrappedKey(), bearer.createdAt(), bearer.updatedAt()));
        thrown.add(catchThrowable(() -> vault.reveal("acme", "bearer")));
        store.overwrite(
                new SealedCredential("acme", "bearer", bearer.version(), bearer.type(), bearer.metadata(),
                        basic.ciphertext(), basic.wrappedKey(), bearer.createdAt(), bearer.updatedAt()));
        thrown.add(catchThrowable(() -> vault.reveal("acme", "bearer")));
        store.overwrite(bearer);
        byte[] wrapped = bearer.wrappedKey().clone();
        wrapped[1] ^= 1;
        store.overwrite(
                new SealedCredential("acme", "bearer", bearer.version(), bearer.type(), bearer.metadata(),
                        bearer.ciphertext(), wrapped, bearer.createdAt(), bearer.updatedAt()));
        thrown.add(catchThrowable(() -> vault.reveal("acme", "bearer")));
        store.overwrite(bearer);
        // Left swapped through the rotation, which reports it and logs a warning.
        vault.put("acme", "victim", body("type", "bearer", "token", "not-the-canary"));
        SealedCredential victim = store.credential("acme", "victim").orElseThrow();
        store.overwrite(
                new SealedCredential("acme", "victim", victim.version(), victim.type(), victim.metadata(),
                        basic.ciphertext(), basic.wrappedKey(), victim.createdAt(), victim.updatedAt()));
    }
}
