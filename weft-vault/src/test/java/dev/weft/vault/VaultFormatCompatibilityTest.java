package dev.weft.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Credential;
import dev.weft.store.SealedCredential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rows that the vault wrote before it returned the SDK's {@link Credential} records (a fixture written by
 * that code, with its test master key) still decrypt, into the records connectors receive: the stored
 * format did not change with the credential model.
 */
class VaultFormatCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryCredentialStore store = new InMemoryCredentialStore();
    private Vault vault;

    @BeforeEach
    void loadRowsWrittenByTheOldCode() throws IOException {
        String keyset = null;
        try (InputStream in = getClass().getResourceAsStream("/rows-before-sdk-credentials.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("keyset=")) {
                    keyset = line.substring("keyset=".length());
                    continue;
                }
                String[] f = line.split("\\|");
                Instant at = Instant.parse("2026-01-01T00:00:00Z");
                store.putCredential(new SealedCredential("acme", f[0], Integer.parseInt(f[1]), f[2],
                        JSON.readTree(f[3]), Base64.getDecoder().decode(f[4]),
                        Base64.getDecoder().decode(f[5]),
                        at, at), 0);
            }
        }
        vault = Vault.open(MasterKeySource.ofValue(keyset, "the fixture's keyset"), store, new TestClock());
    }

    @Test
    void rowsWrittenBeforeTheSdkCredentialsStillDecryptIntoThem() {
        assertThat(vault.reveal("acme", "erp")).contains(new Credential.Basic("alice", "s3cret"));
        assertThat(vault.reveal("acme", "maps"))
                .contains(new Credential.ApiKey(Credential.ApiKey.Location.QUERY, "key", "k-1"));
        assertThat(vault.reveal("acme", "drive")).contains(new Credential.OAuth2RefreshToken(
                "https://idp.example/token", "weft", null, "rt-1", "files"));
        assertThat(vault.reveal("acme", "signer")).contains(new Credential.Hmac("k7", "hs-1",
                Credential.Hmac.DEFAULT_ALGORITHM, Credential.Hmac.DEFAULT_HEADER));
    }

    @Test
    void anOldRowUpdatedByTheNewCodeKeepsItsOtherFields() {
        assertThat(vault.update("acme", "drive", 1, Map.of("refreshToken", "rt-2"))).isPresent();

        assertThat(vault.revealVersion("acme", "drive")).contains(new Vault.Revealed(2,
                new Credential.OAuth2RefreshToken("https://idp.example/token", "weft", null, "rt-2",
                        "files")));
        assertThat(vault.list("acme")).extracting(CredentialInfo::name)
                .isEqualTo(List.of("drive", "erp", "maps", "signer"));
    }
}
