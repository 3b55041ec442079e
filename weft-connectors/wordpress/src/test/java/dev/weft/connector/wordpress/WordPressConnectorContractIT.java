package dev.weft.connector.wordpress;

import static dev.weft.connector.wordpress.LocalWordPress.RUN;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract against the real WordPress 6.1 of {@code scripts/wordpress-test-server}, as its
 * administrator, whose application password must never come back in an output or an error. The records the
 * calls read are made first, by the connector.
 */
class WordPressConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final RequiredService WORDPRESS = LocalWordPress.WORDPRESS;
    private static TestSystem system;
    private static long post;
    private static long page;
    private static long trashPost;
    private static long deletePage;
    private static long media;
    private static String pdf;

    @BeforeAll
    static void records() throws Exception {
        system = LocalWordPress.admin();
        post = create("wordpress.create_post", "{\"post\": {\"title\": \"Contract post " + RUN + "\"}}");
        trashPost = create("wordpress.create_post",
                "{\"post\": {\"title\": \"Contract trash " + RUN + "\"}}");
        page = create("wordpress.create_page", "{\"page\": {\"title\": \"Contract page " + RUN + "\"}}");
        deletePage = create("wordpress.create_page",
                "{\"page\": {\"title\": \"Contract gone " + RUN + "\"}}");
        BlobRef ref = system.blobs().put(new ByteArrayInputStream(
                "%PDF-1.4\n% a tiny test file\n".getBytes(StandardCharsets.US_ASCII)), "application/pdf");
        pdf = ref.toJson().toString();
        media = create("wordpress.upload_media", "{\"file\": " + pdf + ", \"filename\": \"contract-" + RUN
                + ".pdf\"}");
    }

    private static long create(String operation, String input) throws Exception {
        JsonNode out = LocalWordPress.call(system, operation, input);
        return out.get("id").asLong();
    }

    @AfterAll
    static void stop() {
        LocalWordPress.close(system);
    }

    @Override
    protected Connector connector() {
        return new WordPressConnector();
    }

    @Override
    protected TestSystem system() {
        return system;
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(call("wordpress.list_posts", "{}"),
                call("wordpress.list_posts", "{\"status\": [\"publish\", \"draft\"], \"modified_after\":"
                        + " \"2026-01-01T00:00:00\", \"orderby\": \"modified\", \"order\": \"asc\", \"per_page\": 5,"
                        + " \"context\": \"edit\", \"search\": \"" + RUN + "\"}"),
                call("wordpress.get_post", "{\"id\": " + post + "}"),
                call("wordpress.create_post", "{\"post\": {\"title\": \"Contract created " + RUN + "\","
                        + " \"content\": \"<p>Made by the contract.</p>\", \"status\": \"draft\", \"categories\": [1]}}"),
                call("wordpress.update_post", "{\"id\": " + post + ", \"post\": {\"status\": \"publish\"}}"),
                call("wordpress.delete_post", "{\"id\": " + trashPost + "}"),
                call("wordpress.list_pages", "{\"per_page\": 2, \"context\": \"edit\"}"),
                call("wordpress.get_page", "{\"id\": " + page + "}"),
                call("wordpress.create_page", "{\"page\": {\"title\": \"Contract page made " + RUN + "\"}}"),
                call("wordpress.update_page", "{\"id\": " + page + ", \"page\": {\"menu_order\": 3}}"),
                call("wordpress.delete_page", "{\"id\": " + deletePage + ", \"force\": true}"),
                call("wordpress.upload_media", "{\"file\": " + pdf + ", \"filename\": \"contract-" + RUN
                        + "-2.pdf\", \"title\": \"Price list\", \"alt_text\": \"prices\", \"post\": " + post
                        + "}"),
                call("wordpress.list_media", "{\"mime_type\": \"application/pdf\", \"per_page\": 3}"),
                call("wordpress.get_media", "{\"id\": " + media + "}"),
                call("wordpress.list_users", "{\"context\": \"edit\", \"roles\": [\"administrator\"]}"),
                call("wordpress.get_user", "{\"id\": \"me\"}"),
                call("wordpress.get_user", "{\"id\": 1, \"context\": \"edit\"}"),
                call("wordpress.create_user", "{\"user\": {\"username\": \"contract-" + RUN + "\", \"email\":"
                        + " \"contract-" + RUN + "@weft.test\", \"password\": \"a long passphrase " + RUN
                        + "\","
                        + " \"roles\": [\"author\"]}}"),
                call("wordpress.list_categories", "{\"hide_empty\": false}"),
                call("wordpress.create_category", "{\"category\": {\"name\": \"Contract " + RUN + "\"}}"),
                call("wordpress.list_tags", "{\"per_page\": 5}"),
                call("wordpress.create_tag", "{\"tag\": {\"name\": \"contract-" + RUN + "\"}}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("wordpress.get_post", "{\"id\": 99999999}"),
                call("wordpress.get_post", "{\"id\": 0}"),
                call("wordpress.create_post", "{\"post\": {\"title\": \"x\", \"status\": \"bogus\"}}"),
                call("wordpress.create_user", "{\"user\": {\"email\": \"nobody@weft.test\"}}"),
                call("wordpress.list_posts", "{\"per_page\": 500}"),
                call("wordpress.upload_media", "{\"file\": " + pdf + ", \"filename\": \"evil.exe\"}"),
                call("wordpress.no_such_operation", "{}"));
    }
}
