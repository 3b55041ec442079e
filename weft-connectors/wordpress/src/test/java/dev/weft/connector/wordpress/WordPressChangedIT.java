package dev.weft.connector.wordpress;

import static dev.weft.connector.wordpress.LocalWordPress.RUN;
import static dev.weft.connector.wordpress.LocalWordPress.call;
import static dev.weft.connector.wordpress.LocalWordPress.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.Eventually;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code wordpress.changed} on the real WordPress 6.1: each new or changed post once, oldest change first,
 * across pages and polls. The test site's time zone is UTC, as the trigger reads from its REST index.
 */
class WordPressChangedIT {
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

    private static long post(String title) throws ConnectorException {
        return call(admin, "wordpress.create_post", "{\"post\": {\"title\": \"" + title + "\", \"status\":"
                + " \"publish\"}}").get("id").asLong();
    }

    /** Polls until the trigger says there is no more, as the platform does; every event of every poll. */
    private static PollResult drain(SystemClient client, JsonNode config, JsonNode cursor, int max,
            List<Event> into) throws ConnectorException {
        PollResult result;
        int polls = 0;
        do {
            result = client.poll(new PollRequest(ChangedTrigger.NAME, config, cursor, max));
            into.addAll(result.events());
            cursor = result.cursor();
            assertThat(++polls).as("polls to drain the changes").isLessThan(100);
        } while (result.more());
        return result;
    }

    private static List<Long> idsOf(List<Event> events, Set<Long> ours) {
        return events.stream().map(e -> e.data().at("/record/id").asLong()).filter(ours::contains).toList();
    }

    /** Waits, by the machine's clock (the site's too), until the second of {@code modified} has passed. */
    private static void pastTheSecondOf(String modified) throws Exception {
        LocalDateTime at = LocalDateTime.parse(modified);
        Eventually.until("the site's clock passed " + modified, Duration.ofSeconds(5),
                () -> LocalDateTime.now(ZoneOffset.UTC).withNano(0).isAfter(at));
    }

    @Test
    void eachNewOrChangedPostIsOneEventOldestChangeFirstAcrossPagesAndPolls() throws Exception {
        long a = post("Changed A " + RUN);
        long b = post("Changed B " + RUN);
        long c = post("Changed C " + RUN);
        Set<Long> ours = Set.of(a, b, c);
        String since = call(admin, "wordpress.get_post", "{\"id\": " + a + "}").get("modified").asText();
        JsonNode config = json("{\"type\": \"posts\", \"since\": \"" + since + "\"}");
        try (SystemClient client = new WordPressConnector().open(admin)) {
            List<Event> events = new ArrayList<>();
            PollResult last = drain(client, config, null, 2, events);
            assertThat(idsOf(events, ours)).containsExactlyInAnyOrder(a, b, c);
            assertThat(events).extracting(Event::id).doesNotHaveDuplicates();
            assertThat(events).extracting(e -> e.data().at("/record/modified").asText()).isSorted();
            assertThat(events.get(0).data().get("type").asText()).isEqualTo("posts");

            List<Event> again = new ArrayList<>();
            PollResult quiet = drain(client, config, last.cursor(), 2, again);
            assertThat(idsOf(again, ours)).as("nothing changed since").isEmpty();

            pastTheSecondOf(quiet.cursor().get("since").asText());
            call(admin, "wordpress.update_post",
                    "{\"id\": " + b + ", \"post\": {\"title\": \"Changed B2 " + RUN
                            + "\"}}");
            List<Event> change = new ArrayList<>();
            PollResult afterChange = drain(client, config, quiet.cursor(), 2, change);
            assertThat(idsOf(change, ours)).containsExactly(b);
            Event changed = change.stream().filter(e -> e.data().at("/record/id").asLong() == b).findFirst()
                    .orElseThrow();
            assertThat(changed.id()).startsWith("posts:" + b + ":")
                    .isNotIn(events.stream().map(Event::id).toList());
            assertThat(changed.data().at("/record/title/rendered").asText()).isEqualTo("Changed B2 " + RUN);
            assertThat(
                    idsOf(drain(client, config, afterChange.cursor(), 2, new ArrayList<>()).events(), ours))
                    .isEmpty();
        }
    }

    /**
     * Stamps a post as WordPress stamps an update in a time zone with daylight saving time, which the test site
     * (UTC, shared by other tests) is not: the row's {@code post_modified} (local) and {@code post_modified_gmt},
     * written in the site's MariaDB as {@code wp_update_post} writes them. Only this run's posts are touched.
     */
    private static void stamp(long post, String local, String gmt) throws Exception {
        String db = System.getenv().getOrDefault("WEFT_WORDPRESS_DB", "wordpress_test");
        Process php = new ProcessBuilder("php", "-r",
                """
                        $db = new mysqli("127.0.0.1", "root", "", $argv[1], 3306);
                        $s = $db->prepare("UPDATE wp_posts SET post_modified = ?, post_modified_gmt = ? WHERE ID = ?");
                        $s->bind_param("ssi", $argv[2], $argv[3], $argv[4]);
                        exit($s->execute() && $db->affected_rows === 1 ? 0 : 1);
                        """,
                "--", db, local.replace('T', ' '), gmt.replace('T', ' '), Long.toString(post))
                .redirectErrorStream(true).start();
        String out = new String(php.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(php.waitFor()).as("php updating post " + post + ": " + out).isZero();
        assertThat(call(admin, "wordpress.get_post", "{\"id\": " + post + "}").get("modified_gmt").asText())
                .isEqualTo(gmt);
    }

    @Test
    void aChangeMadeAfterTheSitesClockWentBackIsTakenOnce() throws Exception {
        long b = post("Clock back " + RUN);
        Set<Long> ours = Set.of(b);
        String since = call(admin, "wordpress.get_post", "{\"id\": " + b + "}").get("modified").asText();
        JsonNode config = json("{\"type\": \"posts\", \"since\": \"" + since + "\"}");
        try (SystemClient client = new WordPressConnector().open(admin)) {
            List<Event> events = new ArrayList<>();
            PollResult first = drain(client, config, null, 10, events);
            assertThat(idsOf(events, ours)).containsExactly(b);
            String mark = first.cursor().get("since").asText();
            assertThat(first.cursor().get("sinceGmt").asText()).as("the site is in UTC").isEqualTo(mark);

            // The site's clock went back half an hour (as at the end of DST): the change's modified is below the
            // mark, its modified_gmt after the mark's.
            pastTheSecondOf(mark);
            String gmt = LocalDateTime.now(ZoneOffset.UTC).withNano(0).toString();
            stamp(b, LocalDateTime.parse(mark).minusMinutes(30).toString(), gmt);
            List<Event> late = new ArrayList<>();
            PollResult second = drain(client, config, first.cursor(), 10, late);
            assertThat(late).filteredOn(e -> e.data().at("/record/id").asLong() == b).extracting(Event::id)
                    .containsExactly("posts:" + b + ":" + gmt);
            List<Event> again = new ArrayList<>();
            drain(client, config, second.cursor(), 10, again);
            assertThat(idsOf(again, ours)).as("taken once").isEmpty();
        } finally {
            call(admin, "wordpress.delete_post", "{\"id\": " + b + ", \"force\": true}");
        }
    }

    @Test
    void withoutSinceTheFirstPollStartsAtTheSitesTimeNow() throws Exception {
        long before = post("Before the trigger " + RUN);
        pastTheSecondOf(
                call(admin, "wordpress.get_post", "{\"id\": " + before + "}").get("modified").asText());
        JsonNode config = json("{\"status\": [\"publish\", \"draft\"]}");
        try (SystemClient client = new WordPressConnector().open(admin)) {
            List<Event> first = new ArrayList<>();
            PollResult start = drain(client, config, null, 100, first);
            assertThat(idsOf(first, Set.of(before))).as("no backfill").isEmpty();
            long draft = call(admin, "wordpress.create_post", "{\"post\": {\"title\": \"Draft after " + RUN
                    + "\"}}").get("id").asLong();
            List<Event> next = new ArrayList<>();
            drain(client, config, start.cursor(), 100, next);
            assertThat(idsOf(next, Set.of(before, draft))).containsExactly(draft);
            assertThat(next.stream().filter(e -> e.data().at("/record/id").asLong() == draft).findFirst()
                    .orElseThrow().data().at("/record/status").asText()).isEqualTo("draft");
        }
    }

    @Test
    void pagesAreWatchedWithTheirOwnCursor() throws Exception {
        long page = call(admin, "wordpress.create_page",
                "{\"page\": {\"title\": \"Watched page " + RUN + "\","
                        + " \"status\": \"publish\"}}")
                .get("id").asLong();
        String since = call(admin, "wordpress.get_page", "{\"id\": " + page + "}").get("modified").asText();
        try (SystemClient client = new WordPressConnector().open(admin)) {
            List<Event> events = new ArrayList<>();
            PollResult result = drain(client, json("{\"type\": \"pages\", \"since\": \"" + since + "\"}"),
                    null, 10,
                    events);
            assertThat(idsOf(events, Set.of(page))).containsExactly(page);
            assertThat(result.cursor().get("type").asText()).isEqualTo("pages");
        }
    }

    @Test
    void aWrongConfigurationNamesTheField() throws Exception {
        try (SystemClient client = new WordPressConnector().open(admin)) {
            assertThatThrownBy(
                    () -> client.poll(new PollRequest(ChangedTrigger.NAME, json("{\"type\": \"comments\"}"),
                            null, 10)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("wordpress.config");
                        assertThat(e.getMessage()).contains("'type'", "posts or pages");
                    });
            assertThatThrownBy(() -> client.poll(new PollRequest(ChangedTrigger.NAME,
                    json("{\"since\": \"2026-12-01 00:00:00\"}"), null, 10)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage())
                            .contains("'since'", "2026-12-01T00:00:00"));
        }
    }
}
