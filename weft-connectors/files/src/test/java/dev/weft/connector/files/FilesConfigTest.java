package dev.weft.connector.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FilesConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FilesConfig parse(String json) throws Exception {
        return FilesConfig.parse(JSON.readTree(json));
    }

    private static ConnectorException refused(String json) {
        try {
            parse(json);
            throw new AssertionError(json + " was accepted");
        } catch (ConnectorException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void appliesTheSftpDefaults() throws Exception {
        FilesConfig c = parse(
                "{\"kind\": \"sftp\", \"root\": \"/up\", \"host\": \"h\", \"knownHostKey\": \"SHA256:abcdefghijklmnopqrstu\"}");
        assertThat(c.port()).isEqualTo(22);
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void requiresTheKnownHostKeyForSftp() {
        ConnectorException e = refused("{\"kind\": \"sftp\", \"root\": \"/up\", \"host\": \"h\"}");
        assertThat(e.code()).isEqualTo("files.config");
        assertThat(e.getMessage()).contains("'knownHostKey'");
        assertThat(refused(
                "{\"kind\": \"sftp\", \"root\": \"/up\", \"host\": \"h\", \"knownHostKey\": \"MD5:aa:bb\"}")
                .getMessage()).contains("SHA256");
    }

    @Test
    void refusesSftpFieldsOnALocalSystemAndUnknownKinds() {
        assertThat(refused("{\"kind\": \"local\", \"root\": \"/x\", \"host\": \"h\"}").getMessage())
                .contains("'host'");
        assertThat(refused("{\"kind\": \"ftp\", \"root\": \"/x\"}").getMessage()).contains("'kind'");
    }
}
