package dev.weft.connector.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.connector.Credential;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The connector contract, run against an in-process SFTP server. */
class FilesConnectorContractIT extends ConnectorContract {
    private static Path home;
    private static SftpServer server;
    private static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("weft-files-contract");
        Files.createDirectories(home.resolve("inbox"));
        Files.writeString(home.resolve("inbox/orders.csv"), "id,total\n");
        server = new SftpServer(home);
        fingerprint = server.fingerprint();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (var all = Files.walk(home)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    protected Connector connector() {
        return new FilesConnector();
    }

    @Override
    protected TestSystem system() {
        var config = JsonNodeFactory.instance.objectNode().put("kind", "sftp").put("host", "127.0.0.1")
                .put("port", server.port()).put("root", "/").put("knownHostKey", fingerprint);
        return TestSystem.named("files-contract").withConfig(config)
                .withCredential(new Credential.Basic(SftpServer.USER, SftpServer.PASSWORD));
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("files.write", "{\"path\": \"out/a.txt\", \"content\": \"hi\", \"overwrite\": true}"),
                call("files.list", "{\"path\": \"inbox\", \"glob\": \"*.csv\"}"),
                call("files.read", "{\"path\": \"inbox/orders.csv\"}"),
                call("files.move", "{\"from\": \"out/a.txt\", \"to\": \"out/b.txt\", \"overwrite\": true}"),
                call("files.delete", "{\"path\": \"out/b.txt\"}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("files.read", "{\"path\": \"missing.txt\"}"),
                call("files.read", "{\"path\": \"../etc/passwd\"}"),
                call("files.write", "{\"path\": \"inbox/orders.csv\", \"content\": \"x\"}"));
    }
}
