package dev.weft.connector.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations' behaviour, the same for every kind of store: a subclass gives a system whose root is
 * {@link #home}, which the test also reads and writes directly.
 */
abstract class FileOperationCases {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    SystemClient client;
    final MovableClock clock = new MovableClock(T0);
    static final java.time.Instant T0 = java.time.Instant.parse("2026-01-01T00:00:00Z");

    /** A system whose root is {@code home}. */
    abstract TestSystem system(Path home) throws Exception;

    @BeforeEach
    void open() throws Exception {
        client = new FilesConnector().open(system(home).withClock(clock));
    }

    @AfterEach
    void close() {
        client.close();
    }

    JsonNode call(String operation, String input) throws Exception {
        return client
                .invoke(new Call(operation, JSON.readTree(input), "test:" + operation, Duration.ofSeconds(10),
                        new Cancellation()));
    }

    ConnectorException failure(String operation, String input) {
        try {
            JsonNode out = call(operation, input);
            throw new AssertionError(operation + " " + input + " returned " + out);
        } catch (ConnectorException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void writesReadsListsMovesAndDeletesAFile() throws Exception {
        JsonNode written = call("files.write", "{\"path\": \"out/deep/a.txt\", \"content\": \"héllo\"}");
        assertThat(written.get("path").asText()).isEqualTo("out/deep/a.txt");
        assertThat(written.get("size").asLong()).isEqualTo(6);
        assertThat(Files.readString(home.resolve("out/deep/a.txt"))).isEqualTo("héllo");

        JsonNode read = call("files.read", "{\"path\": \"out/deep/a.txt\"}");
        assertThat(read.get("content").asText()).isEqualTo("héllo");
        assertThat(read.get("size").asLong()).isEqualTo(6);

        Files.writeString(home.resolve("out/deep/b.csv"), "x");
        JsonNode list = call("files.list", "{\"path\": \"out/deep\", \"glob\": \"*.txt\"}");
        assertThat(list.get("entries")).hasSize(1);
        assertThat(list.get("entries").get(0).get("name").asText()).isEqualTo("a.txt");
        assertThat(list.get("entries").get(0).get("path").asText()).isEqualTo("out/deep/a.txt");
        assertThat(list.get("entries").get(0).get("directory").asBoolean()).isFalse();
        assertThat(
                call("files.list", "{\"path\": \"out\"}").get("entries").get(0).get("directory").asBoolean())
                .isTrue();

        call("files.move", "{\"from\": \"out/deep/a.txt\", \"to\": \"out/moved.txt\"}");
        assertThat(home.resolve("out/deep/a.txt")).doesNotExist();
        assertThat(Files.readString(home.resolve("out/moved.txt"))).isEqualTo("héllo");

        assertThat(call("files.delete", "{\"path\": \"out/moved.txt\"}").get("deleted").asBoolean()).isTrue();
        assertThat(call("files.delete", "{\"path\": \"out/moved.txt\"}").get("deleted").asBoolean())
                .isFalse();
        assertThat(home.resolve("out/moved.txt")).doesNotExist();
    }

    @Test
    void readsAndWritesBinaryContentAsBase64() throws Exception {
        byte[] bytes = {0, (byte) 0xff, 10, 13, 7};
        String b64 = Base64.getEncoder().encodeToString(bytes);
        call("files.write",
                "{\"path\": \"bin.dat\", \"content\": \"" + b64 + "\", \"encoding\": \"base64\"}");
        assertThat(Files.readAllBytes(home.resolve("bin.dat"))).isEqualTo(bytes);
        assertThat(call("files.read", "{\"path\": \"bin.dat\", \"encoding\": \"base64\"}").get("content")
                .asText())
                .isEqualTo(b64);
    }

    @Test
    void refusesToReadBytesThatAreNotUtf8AsText() throws Exception {
        Files.write(home.resolve("latin1.txt"), new byte[]{(byte) 0xe9, 't', (byte) 0xe9});
        ConnectorException e = failure("files.read", "{\"path\": \"latin1.txt\"}");
        assertThat(e.code()).isEqualTo("files.input");
        assertThat(e.getMessage()).contains("'encoding'").contains("base64");
    }

    @Test
    void refusesToReplaceAFileUnlessOverwriteIsTrue() throws Exception {
        Files.writeString(home.resolve("a.txt"), "old");
        assertThat(failure("files.write", "{\"path\": \"a.txt\", \"content\": \"new\"}").code())
                .isEqualTo("files.exists");
        assertThat(Files.readString(home.resolve("a.txt"))).isEqualTo("old");
        call("files.write", "{\"path\": \"a.txt\", \"content\": \"new\", \"overwrite\": true}");
        assertThat(Files.readString(home.resolve("a.txt"))).isEqualTo("new");

        Files.writeString(home.resolve("b.txt"), "b");
        assertThat(failure("files.move", "{\"from\": \"a.txt\", \"to\": \"b.txt\"}").code())
                .isEqualTo("files.exists");
        call("files.move", "{\"from\": \"a.txt\", \"to\": \"b.txt\", \"overwrite\": true}");
        assertThat(Files.readString(home.resolve("b.txt"))).isEqualTo("new");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void reportsMissingFilesAsNotFound() {
        assertThat(failure("files.read", "{\"path\": \"nope.txt\"}").code()).isEqualTo("files.not_found");
        assertThat(failure("files.list", "{\"path\": \"nope\"}").code()).isEqualTo("files.not_found");
        assertThat(failure("files.move", "{\"from\": \"nope.txt\", \"to\": \"x.txt\"}").code())
                .isEqualTo("files.not_found");
        assertThat(failure("files.write",
                "{\"path\": \"no/dir/x.txt\", \"content\": \"x\", \"createDirectories\": false}")
                .code()).isEqualTo("files.not_found");
    }

    @Test
    void refusesFilesLargerThanMaxBytes() throws Exception {
        Files.write(home.resolve("big.bin"), new byte[2048]);
        ConnectorException e = failure("files.read", "{\"path\": \"big.bin\", \"maxBytes\": 1024}");
        assertThat(e.code()).isEqualTo("files.too_large");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("2048").contains("maxBytes");
    }

    @Test
    void refusesPathsThatLeaveTheRootNamingTheField() {
        for (String bad : List.of("../x.txt", "a/../../x.txt", "/etc/passwd", "a\\\\..\\\\x")) {
            ConnectorException e = failure("files.read", "{\"path\": \"" + bad + "\"}");
            assertThat(e.code()).as(bad).isEqualTo("files.outside_root");
            assertThat(e.getMessage()).as(bad).contains("'path'");
        }
        assertThat(failure("files.move", "{\"from\": \"a.txt\", \"to\": \"../b.txt\"}").getMessage())
                .contains("'to'");
        assertThat(failure("files.write", "{\"path\": \"../w.txt\", \"content\": \"x\"}").code())
                .isEqualTo("files.outside_root");
        assertThat(home.getParent().resolve("w.txt")).doesNotExist();
    }

    @Test
    void readersNeverSeeHalfAWrittenFile() throws Exception {
        String a = "a".repeat(1 << 20);
        String b = "b".repeat(1 << 20);
        call("files.write", "{\"path\": \"big.txt\", \"content\": \"" + a + "\"}");
        AtomicBoolean done = new AtomicBoolean();
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread reader = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                try {
                    String s = Files.readString(home.resolve("big.txt"), StandardCharsets.UTF_8);
                    seen.add(s.equals(a) ? "a" : s.equals(b) ? "b" : "partial:" + s.length());
                } catch (Exception e) {
                    seen.add("error:" + e);
                }
            }
        });
        for (int i = 0; i < 6; i++) {
            call("files.write", "{\"path\": \"big.txt\", \"content\": \"" + (i % 2 == 0 ? b : a)
                    + "\", \"overwrite\": true}");
        }
        done.set(true);
        reader.join();
        assertThat(seen).isSubsetOf(Set.of("a", "b")).isNotEmpty();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theNewFileTriggerReturnsEachFileVersionOnceAndSkipsFilesStillBeingWritten() throws Exception {
        Files.createDirectories(home.resolve("in"));
        file("in/a.csv", "a", 0);
        file("in/b.csv", "bb", 1);
        file("in/c.txt", "c", 1);
        file("in/d.csv", "d", 5);
        clock.set(T0.plusMillis(5_500));
        JsonNode config = JSON.readTree("{\"path\": \"in\", \"glob\": \"*.csv\"}");

        PollResult first = client.poll(new PollRequest("files.new", config, null, 10));
        assertThat(first.events()).extracting(Event::id)
                .containsExactly("in/a.csv@2026-01-01T00:00:00Z:1", "in/b.csv@2026-01-01T00:00:01Z:2");
        assertThat(first.events().get(1).data().get("name").asText()).isEqualTo("b.csv");
        assertThat(first.more()).isFalse();
        PollResult again = client.poll(new PollRequest("files.new", config, first.cursor(), 10));
        assertThat(again.events()).as("d.csv is younger than minAge").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        file("in/e.csv", "e", 5);
        PollResult third = client.poll(new PollRequest("files.new", config, again.cursor(), 1));
        assertThat(third.events()).extracting(Event::id).containsExactly("in/d.csv@2026-01-01T00:00:05Z:1");
        assertThat(third.more()).isTrue();
        PollResult fourth = client.poll(new PollRequest("files.new", config, third.cursor(), 10));
        assertThat(fourth.events()).extracting(Event::id).containsExactly("in/e.csv@2026-01-01T00:00:05Z:1");
        assertThat(client.poll(new PollRequest("files.new", config, fourth.cursor(), 10)).events()).isEmpty();

        file("in/a.csv", "rewritten", 10);
        clock.set(T0.plusSeconds(20));
        PollResult rewritten = client.poll(new PollRequest("files.new", config, fourth.cursor(), 10));
        assertThat(rewritten.events()).extracting(Event::id)
                .containsExactly("in/a.csv@2026-01-01T00:00:10Z:9");
        assertThat(client.poll(new PollRequest("files.new", config, rewritten.cursor(), 10)).events())
                .isEmpty();
    }

    private void file(String path, String content, int second) throws Exception {
        Path p = home.resolve(path);
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(T0.plusSeconds(second)));
    }

    /** Temporary files a write left behind. */
    List<Path> leftovers() throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home)) {
            all.filter(p -> p.getFileName().toString().contains(".weft-")).forEach(out::add);
        }
        return out;
    }
}
