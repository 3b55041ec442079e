package dev.weft.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Authorization;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Form and multipart bodies of {@code http.request}, parsed by a real server on 127.0.0.1, and signed by an
 * HMAC over the bytes the connector hands to its {@link OutboundAuth}: the server checks the signature
 * against the bytes it received, so a body encoded twice (or differently) would fail.
 */
class HttpBodiesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "test-signing-key".getBytes(StandardCharsets.UTF_8);
    private static Stub stub;
    private static SystemClient client;

    @BeforeAll
    static void start() throws Exception {
        stub = new Stub().route("/form", r -> {
            ObjectNode seen = seen(r);
            ObjectNode fields = seen.putObject("fields");
            Stub.decode(r.bodyText()).forEach((k, v) -> {
                ArrayNode values = fields.putArray(k);
                v.forEach(values::add);
            });
            return Stub.Answer.json(seen);
        }).route("/upload", r -> {
            ObjectNode seen = seen(r);
            ArrayNode parts = seen.putArray("parts");
            String boundary = MultiPart.extractBoundary(r.headers().get("content-type"));
            var parsing = new java.util.concurrent.CompletableFuture<MultiPartFormData.Parts>();
            MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
            parser.setMaxMemoryFileSize(1 << 20); // parts stay in memory: no files directory
            parser.parse(
                    Content.Source.from(new ByteArrayInputStream(r.body())),
                    Promise.Invocable.toPromise(parsing));
            MultiPartFormData.Parts parsed = parsing.get();
            for (MultiPart.Part p : parsed) {
                ObjectNode part = parts.addObject();
                part.put("name", p.getName());
                part.put("filename", p.getFileName());
                part.put("contentType", p.getHeaders().get(HttpHeader.CONTENT_TYPE));
                ByteBuffer content = Content.Source.asByteBuffer(p.getContentSource());
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                part.put("base64", Base64.getEncoder().encodeToString(bytes));
            }
            return Stub.Answer.json(seen);
        });
        client = PlatformHttp.open(TestSystem.named("bodies")
                .withConfig(JSON.readTree("{\"baseUrl\": \"" + stub.base() + "\"}")).withAuth(new Signing()));
    }

    @AfterAll
    static void stop() {
        client.close();
        stub.close();
    }

    /** Signs method, path and body bytes, as an HMAC credential does. */
    private static final class Signing implements OutboundAuth {
        @Override
        public Authorization authorize(String method, URI uri, byte[] body) {
            return new Authorization(Map.of("X-Signature", sign(method, uri.getPath(), body)), Map.of());
        }

        @Override
        public boolean renew(Authorization rejected) {
            return false;
        }
    }

    private static String sign(String method, String path, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            mac.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode seen(Stub.Received r) {
        ObjectNode seen = JSON.createObjectNode();
        seen.put("contentType", r.headers().get("content-type"));
        seen.put("signatureValid",
                sign(r.method(), r.path(), r.body()).equals(r.headers().get("x-signature")));
        seen.put("idempotencyKey", r.headers().get("idempotency-key"));
        return seen;
    }

    private static JsonNode call(String input) throws Exception {
        return client
                .invoke(new Call("http.request", JSON.readTree(input), "ex-9/upload", Duration.ofSeconds(10),
                        new Cancellation()))
                .get("body");
    }

    @Test
    void aFormIsSentUrlEncodedAndSignedOverTheBytesSent() throws Exception {
        JsonNode seen = call("""
                {"method": "POST", "path": "/form",
                 "form": {"name": "Ada Lovelace", "note": "a&b=c ü", "n": 3, "on": true, "tag": ["x", "y"],
                          "skipped": null}}
                """);
        assertThat(seen.get("contentType").textValue()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(seen.get("fields")).isEqualTo(JSON.readTree("""
                {"name": ["Ada Lovelace"], "note": ["a&b=c ü"], "n": ["3"], "on": ["true"], "tag": ["x", "y"]}
                """));
        assertThat(seen.get("signatureValid").booleanValue()).isTrue();
        assertThat(seen.get("idempotencyKey").textValue()).isEqualTo("ex-9/upload");
    }

    @Test
    void multipartPartsArriveWithTheirNamesFilenamesTypesAndBytes() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, '\r', '\n', '-', '-'};
        JsonNode seen = call("""
                {"method": "POST", "path": "/upload",
                 "multipart": [
                   {"name": "title", "value": "Invoice 42"},
                   {"name": "count", "value": 2},
                   {"name": "file", "filename": "invoice-42.csv", "contentType": "text/csv",
                    "content": "item,amount\\nwidget,10\\n"},
                   {"name": "meta", "content": {"currency": "EUR"}},
                   {"name": "scan", "filename": "scan.bin", "base64": "%s"}]}
                """.formatted(Base64.getEncoder().encodeToString(binary)));
        assertThat(seen.get("contentType").textValue()).startsWith("multipart/form-data; boundary=");
        assertThat(seen.get("signatureValid").booleanValue()).isTrue();
        JsonNode parts = seen.get("parts");
        assertThat(parts).hasSize(5);
        assertThat(text(parts.get(0))).isEqualTo("Invoice 42");
        assertThat(parts.get(0).get("name").textValue()).isEqualTo("title");
        assertThat(parts.get(0).get("filename").isNull()).isTrue();
        assertThat(text(parts.get(1))).isEqualTo("2");
        assertThat(parts.get(2).get("filename").textValue()).isEqualTo("invoice-42.csv");
        assertThat(parts.get(2).get("contentType").textValue()).isEqualTo("text/csv");
        assertThat(text(parts.get(2))).isEqualTo("item,amount\nwidget,10\n");
        assertThat(parts.get(3).get("contentType").textValue()).isEqualTo("application/json");
        assertThat(JSON.readTree(text(parts.get(3)))).isEqualTo(JSON.readTree("{\"currency\": \"EUR\"}"));
        assertThat(parts.get(4).get("contentType").textValue()).isEqualTo("application/octet-stream");
        assertThat(Base64.getDecoder().decode(parts.get(4).get("base64").textValue())).isEqualTo(binary);
    }

    @Test
    void theSamePartsGiveTheSameBytesOnEveryAttempt() throws Exception {
        String input = """
                {"method": "POST", "path": "/upload",
                 "multipart": [{"name": "file", "filename": "a.txt", "content": "same"}]}
                """;
        call(input);
        call(input);
        List<Stub.Received> sent = stub.received("/upload");
        Stub.Received last = sent.getLast();
        Stub.Received before = sent.get(sent.size() - 2);
        assertThat(last.headers().get("content-type")).isEqualTo(before.headers().get("content-type"));
        assertThat(last.body()).isEqualTo(before.body());
    }

    @Test
    void aRequestHasOneBodyAndBadPartsAreNamed() {
        List<String[]> cases = List.of(
                new String[]{
                        "{\"method\": \"POST\", \"path\": \"/form\", \"body\": {}, \"form\": {\"a\": 1}}",
                        "'form' cannot be given with 'body'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/form\", \"form\": {\"a\": 1},"
                        + " \"multipart\": [{\"name\": \"a\", \"value\": 1}]}",
                        "'multipart' cannot be given with 'form'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/form\", \"form\": {\"a\": {\"b\": 1}}}",
                        "'form.a'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/form\", \"form\": [1]}", "'form'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/form\", \"form\": {\"a\": 1},"
                        + " \"headers\": {\"Content-Type\": \"text/plain\"}}", "'headers.Content-Type'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": []}",
                        "'multipart'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": [{\"value\": 1}]}",
                        "'multipart[0].name'"},
                new String[]{
                        "{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": [{\"name\": \"a\"}]}",
                        "'multipart[0]' must have exactly one of"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": [{\"name\": \"a\","
                        + " \"value\": 1, \"content\": \"x\"}]}", "'multipart[0]' must have exactly one of"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": [{\"name\": \"a\","
                        + " \"value\": 1, \"filename\": \"a.txt\"}]}", "'multipart[0].value'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": [{\"name\": \"a\","
                        + " \"base64\": \"not base64!\"}]}", "'multipart[0].base64'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": [{\"name\":"
                        + " \"a\\\"b\", \"value\": 1}]}", "'multipart[0].name'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/upload\", \"multipart\": [{\"name\": \"a\","
                        + " \"value\": 1, \"size\": 3}]}", "'multipart[0].size'"},
                new String[]{"{\"method\": \"POST\", \"path\": \"/form\", \"bodyy\": {}}", "'bodyy'"});
        int before = stub.received("/").size();
        for (String[] c : cases) {
            assertThatThrownBy(() -> call(c[0])).as(c[0]).isInstanceOfSatisfying(ConnectorException.class,
                    e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.code()).isEqualTo("http.input");
                        assertThat(e.getMessage()).startsWith("http.request: ").contains(c[1]);
                    });
        }
        assertThat(stub.received("/")).as("requests sent").hasSize(before);
    }

    private static String text(JsonNode part) {
        return new String(Base64.getDecoder().decode(part.get("base64").textValue()), StandardCharsets.UTF_8);
    }
}
