package dev.weft.connector.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in to SFTP with a private key (a secret credential holding an OpenSSH private key). */
class SftpKeyAuthIT {
    @TempDir
    Path home;

    @Test
    void logsInWithAnOpenSshPrivateKeyAndTheConfiguredUser() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", null, pem);
        String key = pem.toString(StandardCharsets.UTF_8);
        assertThat(key).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        Files.writeString(home.resolve("hello.txt"), "hello");

        try (SftpServer server = new SftpServer(home, pair.getPublic())) {
            var config = JsonNodeFactory.instance.objectNode().put("kind", "sftp").put("host", "127.0.0.1")
                    .put("port", server.port()).put("root", "/").put("user", SftpServer.USER)
                    .put("knownHostKey", server.fingerprint());
            TestSystem system = TestSystem.named("files-key").withConfig(config)
                    .withCredential(new Credential.Secret(key));
            try (SystemClient client = new FilesConnector().open(system)) {
                var out = client.invoke(
                        new Call("files.read", new ObjectMapper().readTree("{\"path\": \"hello.txt\"}"),
                                "k", Duration.ofSeconds(10), new Cancellation()));
                assertThat(out.get("content").asText()).isEqualTo("hello");
                assertThat(client.test().ok()).isTrue();
            }
        }
    }

    @Test
    void refusesASecretThatIsNotAPrivateKeyWithoutQuotingIt() {
        var config = JsonNodeFactory.instance.objectNode().put("kind", "sftp").put("host", "127.0.0.1")
                .put("root", "/").put("user", "weft")
                .put("knownHostKey", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        TestSystem system = TestSystem.named("files-key").withConfig(config)
                .withCredential(new Credential.Secret("not-a-key-canary-7f3e"));
        try {
            new FilesConnector().open(system).close();
            throw new AssertionError("a secret that is no key was accepted");
        } catch (ConnectorException e) {
            assertThat(e.code()).isEqualTo("files.auth");
            assertThat(e.getMessage()).contains("OPENSSH PRIVATE KEY")
                    .doesNotContain("not-a-key-canary-7f3e");
        }
    }
}
