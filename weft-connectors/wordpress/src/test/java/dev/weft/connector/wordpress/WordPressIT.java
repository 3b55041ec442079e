package dev.weft.connector.wordpress;

import static dev.weft.connector.wordpress.LocalWordPress.RUN;
import static dev.weft.connector.wordpress.LocalWordPress.call;
import static dev.weft.connector.wordpress.LocalWordPress.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector's operations and errors on the real WordPress 6.1 of {@code scripts/wordpress-test-server}. */
class WordPressIT {
    @RegisterExtension
    static final RequiredService WORDPRESS = LocalWordPress.WORDPRESS;
    private static TestSystem admin;

    @BeforeAll
    static void start() throws Exception {
        admin = LocalWordPress.admin();
    }

    @AfterAll
    static void stop() {
        LocalWordPress.close(admin);
    }

    @Test
    void postsAreCreatedChangedPagedByTheTotalsAndTrashedOnce() throws Exception {
        String mark = "paging" + RUN;
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            JsonNode created = call(admin, "wordpress.create_post",
                    "{\"post\": {\"title\": \"" + mark + " " + i
                            + "\", \"content\": \"<p>Post " + i + "</p>\", \"status\": \"publish\"}}");
            assertThat(created.get("status").asText()).isEqualTo("publish");
            ids[i] = created.get("id").asLong();
        }
        JsonNode first = call(admin, "wordpress.list_posts", "{\"search\": \"" + mark + "\", \"per_page\": 2,"
                + " \"orderby\": \"id\", \"order\": \"asc\"}");
        assertThat(first.get("total").asInt()).isEqualTo(3);
        assertThat(first.get("total_pages").asInt()).isEqualTo(2);
        assertThat(first.get("items")).extracting(p -> p.get("id").asLong()).containsExactly(ids[0], ids[1]);
        JsonNode second = call(admin, "wordpress.list_posts",
                "{\"search\": \"" + mark + "\", \"per_page\": 2,"
                        + " \"orderby\": \"id\", \"order\": \"asc\", \"page\": 2}");
        assertThat(second.get("items")).extracting(p -> p.get("id").asLong()).containsExactly(ids[2]);
        JsonNode past = call(admin, "wordpress.list_posts", "{\"search\": \"" + mark + "\", \"per_page\": 2,"
                + " \"page\": 3}");
        assertThat(past.get("items")).as("WordPress answers a page past the last 400").isEmpty();

        JsonNode changed = call(admin, "wordpress.update_post",
                "{\"id\": " + ids[0] + ", \"post\": {\"title\":"
                        + " \"" + mark + " changed\"}}");
        assertThat(changed.at("/title/raw").asText()).isEqualTo(mark + " changed");
        assertThat(call(admin, "wordpress.get_post", "{\"id\": " + ids[0] + ", \"context\": \"edit\"}")
                .at("/title/raw").asText()).isEqualTo(mark + " changed");

        assertThat(call(admin, "wordpress.delete_post", "{\"id\": " + ids[1] + "}").get("status").asText())
                .isEqualTo("trash");
        assertThat(call(admin, "wordpress.delete_post", "{\"id\": " + ids[1] + "}").get("status").asText())
                .as("trashed again, a retried step: WordPress says 410 rest_already_trashed, the step gets the post")
                .isEqualTo("trash");
        JsonNode deleted = call(admin, "wordpress.delete_post", "{\"id\": " + ids[2] + ", \"force\": true}");
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.at("/previous/id").asLong()).isEqualTo(ids[2]);
        assertThatThrownBy(() -> call(admin, "wordpress.get_post", "{\"id\": " + ids[2] + "}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.not_found");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("rest_post_invalid_id");
                });
        try (SystemClient client = new WordPressConnector().open(admin)) {
            assertThat(client.repeatable(LocalWordPress.callOf("wordpress.delete_post", "{\"id\": 1}")))
                    .isTrue();
            assertThat(client.repeatable(LocalWordPress.callOf("wordpress.delete_post",
                    "{\"id\": 1, \"force\": true}"))).as("a forced deletion cannot be repeated").isFalse();
        }
    }

    @Test
    void pagesTakeTheirParentAndOrder() throws Exception {
        long parent = call(admin, "wordpress.create_page", "{\"page\": {\"title\": \"Parent " + RUN + "\","
                + " \"status\": \"publish\"}}").get("id").asLong();
        JsonNode child = call(admin, "wordpress.create_page", "{\"page\": {\"title\": \"Child " + RUN + "\","
                + " \"status\": \"publish\", \"parent\": " + parent + ", \"menu_order\": 2}}");
        assertThat(child.get("parent").asLong()).isEqualTo(parent);
        JsonNode children = call(admin, "wordpress.list_pages", "{\"parent\": [" + parent + "]}");
        assertThat(children.get("items")).extracting(p -> p.get("id").asLong())
                .containsExactly(child.get("id").asLong());
    }

    @Test
    void aFileOfTheBlobStoreBecomesAnAttachmentWithItsTitle() throws Exception {
        byte[] bytes = ("%PDF-1.4\n% price list " + RUN + "\n").getBytes(StandardCharsets.US_ASCII);
        BlobRef ref = admin.blobs().put(new ByteArrayInputStream(bytes), "application/pdf");
        long post = call(admin, "wordpress.create_post",
                "{\"post\": {\"title\": \"With a file " + RUN + "\"}}")
                .get("id").asLong();
        JsonNode media = call(admin, "wordpress.upload_media",
                "{\"file\": " + ref.toJson() + ", \"filename\":"
                        + " \"prices-" + RUN + ".pdf\", \"title\": \"Price list " + RUN
                        + "\", \"alt_text\": \"prices\","
                        + " \"post\": " + post + "}");
        assertThat(media.get("mime_type").asText()).isEqualTo("application/pdf");
        assertThat(media.get("source_url").asText()).endsWith("/prices-" + RUN + ".pdf");
        assertThat(media.get("post").asLong()).isEqualTo(post);
        JsonNode read = call(admin, "wordpress.get_media", "{\"id\": " + media.get("id").asLong()
                + ", \"context\": \"edit\"}");
        assertThat(read.at("/title/raw").asText()).isEqualTo("Price list " + RUN);
        assertThat(read.at("/media_details/filesize").asLong()).isEqualTo(bytes.length);
        JsonNode attached = call(admin, "wordpress.list_media", "{\"parent\": [" + post + "]}");
        assertThat(attached.get("items")).extracting(m -> m.get("id").asLong())
                .containsExactly(media.get("id").asLong());

        assertThatThrownBy(() -> call(admin, "wordpress.upload_media", "{\"file\": " + ref.toJson()
                + ", \"filename\": \"tool.exe\"}"))
                .as("WordPress answers 500 rest_upload_sideload_error; sending it again will not help")
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.refused");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("not allowed to upload this file type");
                });
        assertThatThrownBy(() -> call(admin, "wordpress.upload_media", "{\"file\": " + ref.toJson()
                + ", \"filename\": \"../prices.pdf\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.input");
                    assertThat(e.getMessage()).contains("'filename'", "slashes");
                });
        String missing = "{\"$blob\": \"sha256:" + "0".repeat(64) + "\", \"size\": 3}";
        assertThatThrownBy(() -> call(admin, "wordpress.upload_media", "{\"file\": " + missing
                + ", \"filename\": \"a.pdf\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("blob.not_found");
                    assertThat(e.getMessage()).contains("'file'");
                });
    }

    @Test
    void usersAreCreatedAndReadAndTheirPasswordIsNeverAnswered() throws Exception {
        String password = "passphrase-" + RUN + "-never-answered";
        JsonNode user = call(admin, "wordpress.create_user", "{\"user\": {\"username\": \"ada-" + RUN + "\","
                + " \"email\": \"ada-" + RUN + "@weft.test\", \"password\": \"" + password + "\", \"name\":"
                + " \"Ada " + RUN + "\", \"roles\": [\"author\"]}}");
        assertThat(user.toString()).doesNotContain(password);
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("author");
        JsonNode read = call(admin, "wordpress.get_user", "{\"id\": " + user.get("id").asLong()
                + ", \"context\": \"edit\"}");
        assertThat(read.get("email").asText()).isEqualTo("ada-" + RUN + "@weft.test");
        assertThat(call(admin, "wordpress.get_user", "{\"id\": \"me\"}").get("slug").asText())
                .isEqualTo(get("WORDPRESS_USER"));
        JsonNode authors = call(admin, "wordpress.list_users", "{\"roles\": [\"author\"], \"search\": \"ada-"
                + RUN + "\", \"context\": \"edit\"}");
        assertThat(authors.get("items")).extracting(u -> u.get("id").asLong())
                .containsExactly(user.get("id").asLong());
        assertThatThrownBy(() -> call(admin, "wordpress.create_user", "{\"user\": {\"username\": \"ada-" + RUN
                + "\", \"email\": \"other-" + RUN + "@weft.test\", \"password\": \"" + password + "\"}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).as("a username in use").isFalse();
                    assertThat(e.getMessage()).doesNotContain(password);
                });
    }

    @Test
    void categoriesAndTagsAreMadeOnceAndFoundBySlug() throws Exception {
        JsonNode category = call(admin, "wordpress.create_category", "{\"category\": {\"name\": \"Shop " + RUN
                + "\", \"description\": \"What we sell\"}}");
        JsonNode found = call(admin, "wordpress.list_categories",
                "{\"slug\": [\"" + category.get("slug").asText()
                        + "\"]}");
        assertThat(found.get("items")).extracting(c -> c.get("id").asLong())
                .containsExactly(category.get("id").asLong());
        long tag = call(admin, "wordpress.create_tag", "{\"tag\": {\"name\": \"sale-" + RUN + "\"}}")
                .get("id")
                .asLong();
        JsonNode post = call(admin, "wordpress.create_post", "{\"post\": {\"title\": \"Tagged " + RUN + "\","
                + " \"status\": \"publish\", \"categories\": [" + category.get("id").asLong()
                + "], \"tags\": ["
                + tag + "]}}");
        assertThat(call(admin, "wordpress.list_posts", "{\"tags\": [" + tag + "]}").get("items"))
                .extracting(p -> p.get("id").asLong()).containsExactly(post.get("id").asLong());
        assertThatThrownBy(
                () -> call(admin, "wordpress.create_tag", "{\"tag\": {\"name\": \"sale-" + RUN + "\"}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.refused");
                    assertThat(e.details().get("code").asText()).isEqualTo("term_exists");
                    assertThat(e.details().get("term_id").asLong()).isEqualTo(tag);
                });
    }

    @Test
    void refusedParametersAreNamedAsTheInputsFields() throws Exception {
        assertThatThrownBy(() -> call(admin, "wordpress.create_post",
                "{\"post\": {\"title\": \"x\", \"status\": \"bogus\"}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.invalid");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("'post.status'", "publish");
                    assertThat(e.details().get("params").has("status")).isTrue();
                });
        assertThatThrownBy(() -> call(admin, "wordpress.list_posts", "{\"per_page\": 500}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage())
                        .contains("'per_page'", "100"));
        assertThatThrownBy(
                () -> call(admin, "wordpress.create_user", "{\"user\": {\"email\": \"x@weft.test\"}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage())
                        .contains("'user.username' (missing)", "'user.password' (missing)"));
        assertThatThrownBy(() -> call(admin, "wordpress.get_post", "{\"id\": \"twelve\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("wordpress.input");
                    assertThat(e.getMessage()).contains("'id'", "whole number");
                });
        assertThatThrownBy(() -> call(admin, "wordpress.get_post", "{\"id\": 1, \"colour\": \"red\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage())
                        .contains("'colour'", "context"));
    }

    @Test
    void aWrongApplicationPasswordOrAMissingRightSaysWhatToFix() throws Exception {
        String wrong = "wrongApplicationPassword42";
        TestSystem impostor = LocalWordPress.system(get("WORDPRESS_URL"), get("WORDPRESS_USER"), wrong,
                false);
        TestSystem subscriber = LocalWordPress.system(get("WORDPRESS_URL"), get("WORDPRESS_SUBSCRIBER_USER"),
                get("WORDPRESS_SUBSCRIBER_APP_PASSWORD"), false);
        try {
            assertThatThrownBy(() -> call(impostor, "wordpress.get_user", "{\"id\": \"me\"}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("wordpress.unauthorized");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("401", "application password")
                                .doesNotContain(wrong);
                    });
            assertThatThrownBy(
                    () -> call(impostor, "wordpress.create_post", "{\"post\": {\"title\": \"x\"}}"))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.code()).isEqualTo("wordpress.unauthorized"));
            try (SystemClient client = new WordPressConnector().open(impostor)) {
                var verdict = client.test();
                assertThat(verdict.ok()).isFalse();
                assertThat(verdict.message()).contains("application password").doesNotContain(wrong);
            }
            try (SystemClient client = new WordPressConnector().open(admin)) {
                assertThat(client.test().ok()).as(client.test().message()).isTrue();
            }
            assertThatThrownBy(
                    () -> call(subscriber, "wordpress.create_post", "{\"post\": {\"title\": \"x\"}}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("wordpress.forbidden");
                        assertThat(e.getMessage()).contains("403", "rest_cannot_create", "role");
                    });
        } finally {
            LocalWordPress.close(impostor);
            LocalWordPress.close(subscriber);
        }
    }

    @Test
    void aRateLimitIsRetryableNoSoonerThanTheSiteAsks() throws Exception {
        TestSystem throttled = LocalWordPress.system(get("WORDPRESS_URL"), get("WORDPRESS_THROTTLED_USER"),
                get("WORDPRESS_THROTTLED_APP_PASSWORD"), false);
        try {
            assertThatThrownBy(() -> call(throttled, "wordpress.list_posts", "{}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("wordpress.rate_limited");
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.rateLimited()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                        assertThat(e.getMessage()).contains("429", "rest_rate_limited");
                    });
        } finally {
            LocalWordPress.close(throttled);
        }
    }

    @Test
    void aSiteWhoseDatabaseIsDownIsRetryable() throws Exception {
        TestSystem down = LocalWordPress.system(get("WORDPRESS_DOWN_URL"), get("WORDPRESS_USER"),
                get("WORDPRESS_APP_PASSWORD"), false);
        try {
            assertThatThrownBy(() -> call(down, "wordpress.get_post", "{\"id\": 1}"))
                    .as("WordPress's own answer, 500 wp_die")
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("wordpress.unavailable");
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage())
                                .contains("500", "wp_die", "Error establishing a database connection")
                                .doesNotContain("<h1>");
                    });
        } finally {
            LocalWordPress.close(down);
        }
    }

    @Test
    void aSiteWithoutPrettyPermalinksIsReachedThroughRestRoute() throws Exception {
        TestSystem plain = LocalWordPress.system(get("WORDPRESS_URL"), get("WORDPRESS_USER"),
                get("WORDPRESS_APP_PASSWORD"), true);
        try {
            long id = call(plain, "wordpress.create_post", "{\"post\": {\"title\": \"Plain " + RUN + "\","
                    + " \"status\": \"publish\"}}").get("id").asLong();
            JsonNode list = call(plain, "wordpress.list_posts",
                    "{\"search\": \"Plain " + RUN + "\", \"per_page\": 1}");
            assertThat(list.get("items")).extracting(p -> p.get("id").asLong()).containsExactly(id);
            assertThat(list.get("total").asInt()).isEqualTo(1);
        } finally {
            LocalWordPress.close(plain);
        }
        TestSystem wrongRoot = LocalWordPress.system(get("WORDPRESS_URL") + "/blog", get("WORDPRESS_USER"),
                get("WORDPRESS_APP_PASSWORD"), false);
        try {
            assertThatThrownBy(() -> call(wrongRoot, "wordpress.get_post", "{\"id\": 1}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage())
                            .contains("baseUrl"));
        } finally {
            LocalWordPress.close(wrongRoot);
        }
    }
}
