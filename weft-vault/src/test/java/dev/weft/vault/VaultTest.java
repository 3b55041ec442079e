package dev.weft.vault;

import static dev.weft.vault.Bodies.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.Credential;
import dev.weft.connector.CredentialType;
import dev.weft.store.SealedCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {

    @TempDir
    Path dir;
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    final TestClock clock = new TestClock();
    Vault vault;

    @BeforeEach
    void open() {
        vault = Vault.open(MasterKeySource.ofKeyFile(dir.resolve("master.key")), store, clock);
    }

    @Test
    void revealsASecretAsWritten() {
        vault.put("acme", "hook-secret", body("type", "secret", "value", "whsec_1"));

        assertThat(vault.reveal("acme", "hook-secret"))
                .contains(new Credential.Secret("whsec_1"));
    }

    @Test
    void createWritesOnlyANameThatIsFreeAndKeepsTheFirstValue() {
        assertThat(vault.create("acme", "ep_1.v2", body("type", "secret", "value", "whsec_first")))
                .isPresent();
        assertThat(vault.create("acme", "ep_1.v2", body("type", "secret", "value", "whsec_second")))
                .isEmpty();

        assertThat(vault.reveal("acme", "ep_1.v2")).contains(new Credential.Secret("whsec_first"));
    }

    @Test
    void revealsABasicCredentialAsWritten() {
        vault.put("acme", "erp", body("type", "basic", "username", "alice", "password", "s3cret"));

        assertThat(vault.reveal("acme", "erp")).contains(new Credential.Basic("alice", "s3cret"));
    }

    @Test
    void revealsABearerTokenAsWritten() {
        vault.put("acme", "crm", body("type", "bearer", "token", "tok-1"));

        assertThat(vault.reveal("acme", "crm")).contains(new Credential.Bearer("tok-1"));
    }

    @Test
    void revealsAnApiKeyAsWritten() {
        vault.put("acme", "maps",
                body("type", "apiKey", "in", "header", "name", "X-Api-Key", "value", "k-1"));
        vault.put("acme", "geo", body("type", "apiKey", "in", "query", "name", "api_key", "value", "k-2"));

        assertThat(vault.reveal("acme", "maps")).contains(
                new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "X-Api-Key", "k-1"));
        assertThat(vault.reveal("acme", "geo")).contains(
                new Credential.ApiKey(Credential.ApiKey.Location.QUERY, "api_key", "k-2"));
    }

    @Test
    void revealsOAuth2ClientCredentialsWithAndWithoutScope() {
        vault.put("acme", "sf",
                body("type", "oauth2ClientCredentials", "tokenUrl", "https://login.example/token",
                        "clientId", "cid", "clientSecret", "csecret", "scope", "api refresh"));
        vault.put("acme", "hub", body("type", "oauth2ClientCredentials", "tokenUrl", "https://auth.example/t",
                "clientId", "cid2", "clientSecret", "csecret2"));

        assertThat(vault.reveal("acme", "sf")).contains(new Credential.OAuth2ClientCredentials(
                "https://login.example/token", "cid", "csecret", "api refresh"));
        assertThat(vault.reveal("acme", "hub")).contains(
                new Credential.OAuth2ClientCredentials("https://auth.example/t", "cid2", "csecret2", null));
    }

    @Test
    void revealsAnOAuth2RefreshTokenWithAndWithoutAClientSecret() {
        vault.put("acme", "gdrive",
                body("type", "oauth2RefreshToken", "tokenUrl", "https://oauth.example/token",
                        "clientId", "cid", "clientSecret", "csecret", "refreshToken", "rt-1", "scope",
                        "drive"));
        vault.put("acme", "cli", body("type", "oauth2RefreshToken", "tokenUrl", "https://oauth.example/token",
                "clientId", "public-app", "refreshToken", "rt-2"));

        assertThat(vault.reveal("acme", "gdrive")).contains(new Credential.OAuth2RefreshToken(
                "https://oauth.example/token", "cid", "csecret", "rt-1", "drive"));
        assertThat(vault.reveal("acme", "cli")).contains(new Credential.OAuth2RefreshToken(
                "https://oauth.example/token", "public-app", null, "rt-2", null));
        assertThat(CredentialSecrets.of(vault.reveal("acme", "gdrive").orElseThrow())).containsExactly(
                "csecret",
                "rt-1");
        assertThat(vault.info("acme", "gdrive").orElseThrow().fields()).isEqualTo(Map.of("tokenUrl",
                "https://oauth.example/token", "clientId", "cid", "scope", "drive"));
    }

    @Test
    void revealsAnHmacKeyWithTheDefaultsForWhatWasLeftOut() {
        vault.put("acme", "signer", body("type", "hmac", "keyId", "k-2026", "secret", "s3", "algorithm",
                "HmacSHA512", "header", "X-Signature"));
        vault.put("acme", "plain", body("type", "hmac", "secret", "s4"));

        assertThat(vault.reveal("acme", "signer"))
                .contains(new Credential.Hmac("k-2026",
                        "s3", "HmacSHA512", "X-Signature"));
        assertThat(vault.reveal("acme", "plain"))
                .contains(new Credential.Hmac(null, "s4",
                        "HmacSHA256", "X-Weft-Signature"));
        assertThat(vault.info("acme", "plain").orElseThrow().fields()).isEmpty();
    }

    @Test
    void anUpdateReplacesTheGivenFieldsAsANewVersionAndKeepsTheOthers() {
        vault.put("acme", "gdrive",
                body("type", "oauth2RefreshToken", "tokenUrl", "https://oauth.example/token",
                        "clientId", "cid", "clientSecret", "csecret", "refreshToken", "rt-1", "scope",
                        "drive"));
        clock.advance(Duration.ofMinutes(5));

        Optional<CredentialInfo> updated = vault.update("acme", "gdrive", 1, Map.of("refreshToken", "rt-2"));

        assertThat(updated).hasValueSatisfying(info -> {
            assertThat(info.version()).isEqualTo(2);
            assertThat(info.updatedAt()).isEqualTo(info.createdAt().plus(Duration.ofMinutes(5)));
        });
        assertThat(vault.reveal("acme", "gdrive")).contains(new Credential.OAuth2RefreshToken(
                "https://oauth.example/token", "cid", "csecret", "rt-2", "drive"));
    }

    @Test
    void anUpdateOfAVersionNoLongerStoredWritesNothing() {
        vault.put("acme", "gdrive",
                body("type", "oauth2RefreshToken", "tokenUrl", "https://oauth.example/token",
                        "clientId", "cid", "refreshToken", "rt-1"));
        vault.put("acme", "gdrive",
                body("type", "oauth2RefreshToken", "tokenUrl", "https://oauth.example/token",
                        "clientId", "cid", "refreshToken", "rt-from-the-admin"));
        int puts = store.puts();
        // A write that lands between the update's read and its own write wins too.
        store.beforeNextPut(() -> vault.put("acme", "gdrive", body("type", "oauth2RefreshToken", "tokenUrl",
                "https://oauth.example/token", "clientId", "cid", "refreshToken", "rt-racing")));

        assertThat(vault.update("acme", "gdrive", 1, Map.of("refreshToken", "rt-2"))).isEmpty();
        assertThat(vault.update("acme", "gdrive", 2, Map.of("refreshToken", "rt-2"))).isEmpty();
        assertThat(vault.update("acme", "nothing", 1, Map.of("refreshToken", "rt-2"))).isEmpty();

        assertThat(store.puts()).isEqualTo(puts + 1);
        assertThat(vault.reveal("acme", "gdrive")).hasValueSatisfying(c -> assertThat(
                ((Credential.OAuth2RefreshToken) c).refreshToken()).isEqualTo("rt-racing"));
    }

    @Test
    void anUpdateIsCheckedLikeAWriteAndNeverQuotesTheValue() {
        vault.put("acme", "gdrive",
                body("type", "oauth2RefreshToken", "tokenUrl", "https://oauth.example/token",
                        "clientId", "cid", "refreshToken", "rt-1"));

        assertThatThrownBy(() -> vault.update("acme", "gdrive", 1, Map.of("refresh_token", "rt-secret-2")))
                .isInstanceOf(InvalidCredentialException.class)
                .hasMessage(
                        "credential 'gdrive': field 'refresh_token' is not a field of type oauth2RefreshToken"
                                + " (expected tokenUrl, clientId, clientSecret, refreshToken, scope, systems)");
        assertThatThrownBy(() -> vault.update("acme", "gdrive", 1, Map.of("refreshToken", "")))
                .hasMessage("credential 'gdrive': field 'refreshToken' of type oauth2RefreshToken must not be"
                        + " empty");
        assertThat(vault.info("acme", "gdrive").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void readsShowMetadataFieldsButNeverSecretOnes() {
        CredentialInfo written = vault.put("acme", "sf", body("type", "oauth2ClientCredentials", "tokenUrl",
                "https://login.example/token", "clientId", "cid", "clientSecret", "csecret", "scope", "api"));
        vault.put("acme", "erp", body("type", "basic", "username", "alice", "password", "pw"));

        Map<String, String> expected = Map.of("tokenUrl", "https://login.example/token", "clientId", "cid",
                "scope",
                "api");
        assertThat(written.fields()).isEqualTo(expected);
        assertThat(vault.info("acme", "sf").orElseThrow().fields()).isEqualTo(expected);
        assertThat(vault.list("acme")).extracting(CredentialInfo::name, CredentialInfo::fields)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("erp", Map.of("username", "alice")),
                        org.assertj.core.groups.Tuple.tuple("sf", expected));
    }

    @Test
    void theStoreSeesNoSecretInTheClear() {
        vault.put("acme", "erp",
                body("type", "basic", "username", "alice", "password", "p4ssw0rd-in-clear?"));

        SealedCredential row = store.credential("acme", "erp").orElseThrow();
        assertThat(row.metadata().toString()).doesNotContain("p4ssw0rd").doesNotContain("password");
        assertThat(new String(row.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("p4ssw0rd");
        assertThat(new String(row.wrappedKey(), StandardCharsets.ISO_8859_1)).doesNotContain("p4ssw0rd");
        assertThat(row.type()).isEqualTo("basic");
    }

    @Test
    void eachWriteUsesAFreshDataKey() {
        vault.put("acme", "a", body("type", "secret", "value", "same"));
        vault.put("acme", "b", body("type", "secret", "value", "same"));

        SealedCredential a = store.credential("acme", "a").orElseThrow();
        SealedCredential b = store.credential("acme", "b").orElseThrow();
        assertThat(a.wrappedKey()).isNotEqualTo(b.wrappedKey());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void aReplacementIncrementsTheVersionAndKeepsCreatedAt() {
        CredentialInfo first = vault.put("acme", "crm", body("type", "bearer", "token", "t1"));
        clock.advance(Duration.ofMinutes(5));
        CredentialInfo second = vault.put("acme", "crm", body("type", "secret", "value", "t2"));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.type()).isEqualTo(CredentialType.SECRET);
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(second.updatedAt()).isEqualTo(first.createdAt().plus(Duration.ofMinutes(5)));
        assertThat(vault.reveal("acme", "crm")).contains(new Credential.Secret("t2"));
    }

    @Test
    void aWriteRetriesWhenAnotherWriteOfTheNameCameFirst() {
        store.beforeNextPut(() -> vault.put("acme", "crm", body("type", "bearer", "token", "theirs")));

        CredentialInfo mine = vault.put("acme", "crm", body("type", "bearer", "token", "mine"));

        assertThat(mine.version()).isEqualTo(2);
        assertThat(store.puts()).isEqualTo(2);
        assertThat(vault.reveal("acme", "crm")).contains(new Credential.Bearer("mine"));
    }

    @Test
    void concurrentWritesOfOneNameEachGetTheirOwnVersion() throws Exception {
        AtomicInteger landed = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10; i++) {
                    try {
                        vault.put("acme", "hot", body("type", "bearer", "token", "t"));
                        landed.incrementAndGet();
                    } catch (ConcurrentModificationException e) {
                        // Lost the race too often; it wrote nothing.
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(landed.get()).isPositive();
        assertThat(vault.info("acme", "hot").orElseThrow().version()).isEqualTo(landed.get());
        assertThat(vault.reveal("acme", "hot")).contains(new Credential.Bearer("t"));
    }

    @Test
    void tenantsDoNotSeeEachOthersCredentials() {
        vault.put("acme", "erp", body("type", "bearer", "token", "acme-token"));
        vault.put("globex", "erp", body("type", "bearer", "token", "globex-token"));

        assertThat(vault.reveal("acme", "erp")).contains(new Credential.Bearer("acme-token"));
        assertThat(vault.reveal("globex", "erp")).contains(new Credential.Bearer("globex-token"));
        assertThat(vault.list("initech")).isEmpty();
        assertThat(vault.reveal("initech", "erp")).isEmpty();
    }

    @Test
    void deleteRemovesTheCredential() {
        vault.put("acme", "erp", body("type", "bearer", "token", "t"));

        assertThat(vault.delete("acme", "erp")).isTrue();
        assertThat(vault.delete("acme", "erp")).isFalse();
        assertThat(vault.info("acme", "erp")).isEmpty();
        assertThat(vault.reveal("acme", "erp")).isEmpty();
    }

    @Test
    void acceptsNamesOfLettersDigitsDotsUnderscoresAndDashes() {
        String longest = "a".repeat(128);
        vault.put("acme", "Erp_prod-2.eu", body("type", "secret", "value", "v"));
        vault.put("acme", longest, body("type", "secret", "value", "v"));

        assertThat(vault.list("acme")).extracting(CredentialInfo::name).containsExactly("Erp_prod-2.eu",
                longest);
    }

    @Test
    void refusesNamesOutsideTheRule() {
        for (String name : new String[]{"", "-erp", ".erp", "erp prod", "erp/prod", "ärp", "a".repeat(129)}) {
            assertThatThrownBy(() -> vault.put("acme", name, body("type", "secret", "value", "v")))
                    .isInstanceOf(InvalidCredentialException.class)
                    .hasMessageContaining(
                            "is invalid: use 1 to 128 letters, digits, '.', '_' or '-', starting with"
                                    + " a letter or digit");
        }
        assertThatThrownBy(() -> vault.reveal("acme", "../x")).isInstanceOf(InvalidCredentialException.class);
        assertThatThrownBy(() -> vault.delete("acme", null)).hasMessageContaining("credential name null");
        assertThatThrownBy(() -> vault.list(" ")).hasMessageContaining("tenant must not be blank");
    }

    @Test
    void describesTheMasterKeyByIdOnly() {
        assertThat(vault.describeMasterKey())
                .startsWith("key file " + dir.resolve("master.key").toAbsolutePath())
                .containsPattern(": primary key \\d+, 1 key$");
        assertThat(vault.toString()).contains(vault.describeMasterKey());
    }
}
