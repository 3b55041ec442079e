package dev.weft.connector.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operations on an in-process SFTP server (kind sftp), and how connecting fails. */
class SftpFilesIT extends FileOperationCases {
    private SftpServer server;

    @Override
    TestSystem system(Path home) throws Exception {
        server = new SftpServer(home);
        return sftp(server.port(), server.fingerprint(), SftpServer.PASSWORD);
    }

    private static TestSystem sftp(int port, String fingerprint, String password) {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("kind", "sftp").put("host", "127.0.0.1")
                .put("port", port).put("root", "/").put("knownHostKey", fingerprint)
                .put("connectionTimeout", 5000);
        return TestSystem.named("files-sftp").withConfig(config)
                .withCredential(new Credential.Basic(SftpServer.USER, password));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private SystemClient other(TestSystem system) throws Exception {
        return new FilesConnector().open(system);
    }

    @Test
    void refusesAServerWhoseHostKeyIsNotTheKnownOne() throws Exception {
        String wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        try (SystemClient c = other(sftp(server.port(), wrong, SftpServer.PASSWORD))) {
            client.close();
            client = c;
            var e = failure("files.list", "{}");
            assertThat(e.code()).isEqualTo("files.host_key");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains(server.fingerprint()).doesNotContain(SftpServer.PASSWORD);
            assertThat(c.test().ok()).isFalse();
        }
    }

    @Test
    void reportsAWrongPasswordAsAnAuthenticationFailureWithoutThePassword() throws Exception {
        try (SystemClient c = other(sftp(server.port(), server.fingerprint(), "wrong-password-canary"))) {
            client.close();
            client = c;
            var e = failure("files.list", "{}");
            assertThat(e.code()).isEqualTo("files.auth");
            assertThat(e.getMessage()).contains("weft").doesNotContain("wrong-password-canary");
            ConnectionTest verdict = c.test();
            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.message()).contains("password");
        }
    }

    @Test
    void reportsAServerThatIsDownAsRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (SystemClient c = other(sftp(port, server.fingerprint(), SftpServer.PASSWORD))) {
            client.close();
            client = c;
            var e = failure("files.list", "{}");
            assertThat(e.code()).isEqualTo("files.unreachable");
            assertThat(e.retryable()).isTrue();
        }
    }

    @Test
    void testingTheConnectionNamesServerAndUser() {
        ConnectionTest verdict = client.test();
        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.message()).contains("127.0.0.1").contains("weft");
    }

    @Test
    void refusesSymbolicLinksThatLeadOutsideTheRoot() throws Exception {
        java.nio.file.Files.createDirectories(home.resolve("base/inner"));
        java.nio.file.Files.createDirectories(home.resolve("private"));
        java.nio.file.Files.writeString(home.resolve("private/secret.txt"), "outside");
        java.nio.file.Files.writeString(home.resolve("base/inner/ok.txt"), "inside");
        java.nio.file.Files.createSymbolicLink(home.resolve("base/escape"), Path.of("../private"));
        java.nio.file.Files.createSymbolicLink(home.resolve("base/fine"), Path.of("inner"));
        TestSystem system = sftp(server.port(), server.fingerprint(), SftpServer.PASSWORD);
        try (SystemClient c = other(
                system.withConfig(((ObjectNode) system.config()).deepCopy().put("root", "/base")))) {
            client.close();
            client = c;
            var e = failure("files.read", "{\"path\": \"escape/secret.txt\"}");
            assertThat(e.code()).isEqualTo("files.outside_root");
            assertThat(failure("files.write", "{\"path\": \"escape/new.txt\", \"content\": \"x\"}").code())
                    .isEqualTo("files.outside_root");
            assertThat(home.resolve("private/new.txt")).doesNotExist();
            assertThat(call("files.read", "{\"path\": \"fine/ok.txt\"}").get("content").asText())
                    .isEqualTo("inside");
        }
    }

    @Test
    void aCancelledCallFailsWithoutTouchingTheServer() throws Exception {
        dev.weft.connector.Cancellation cancelled = new dev.weft.connector.Cancellation();
        cancelled.cancel("execution cancelled");
        try {
            client.invoke(new dev.weft.connector.Call("files.write",
                    JSON.readTree("{\"path\": \"c.txt\", \"content\": \"x\"}"),
                    "k", java.time.Duration.ofSeconds(5), cancelled));
            throw new AssertionError("a cancelled call ran");
        } catch (dev.weft.connector.ConnectorException e) {
            assertThat(e.code()).isEqualTo("files.cancelled");
        }
        assertThat(home.resolve("c.txt")).doesNotExist();
    }
}
