package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actions are read whole before Chromium starts; a wrong one names itself by index and field. */
class ActionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Action> parse(String json) throws Exception {
        return Action.parseAll(JSON.readTree(json));
    }

    private static String refusal(String json) {
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> parse(json));
        assertThat(e).as(json).isNotNull();
        assertThat(e.code()).isEqualTo("browser.invalid");
        assertThat(e.retryable()).isFalse();
        return e.getMessage();
    }

    @Test
    void readsEveryActionOfTheList() throws Exception {
        List<Action> actions = parse("""
                [{"goto": {"url": "https://portal.example.com/login"}},
                 {"fill": {"selector": "#user", "credential": "username"}},
                 {"fill": {"selector": "#q", "value": ""}},
                 {"click": {"selector": "#go"}},
                 {"select": {"selector": "#month", "value": "2026-12"}},
                 {"waitFor": {"selector": "#done", "timeout": "5s"}},
                 {"extract": {"name": "rows", "selector": "table", "as": "table"}},
                 {"extract": {"name": "rows", "selector": "table", "as": "table"}},
                 {"extract": {"name": "link", "selector": "a", "attribute": "href"}},
                 {"screenshot": {"name": "page", "fullPage": true}},
                 {"download": {"name": "pdf", "url": "/invoice.pdf"}}]""");

        assertThat(actions).containsExactly(new Action.Goto("https://portal.example.com/login"),
                new Action.Fill("#user", null, "username"), new Action.Fill("#q", "", null),
                new Action.Click("#go"), new Action.Select("#month", "2026-12"),
                new Action.WaitFor("#done", Duration.ofSeconds(5)),
                new Action.Extract("rows", "table", Action.Read.TABLE, null),
                new Action.Extract("rows", "table", Action.Read.TABLE, null),
                new Action.Extract("link", "a", Action.Read.ATTRIBUTE, "href"),
                new Action.Screenshot("page", true), new Action.Download("pdf", null, "/invoice.pdf"));
    }

    @Test
    void aWrongActionIsNamedByItsIndexAndField() {
        assertThat(refusal("[{\"click\": {\"selector\": \"#a\"}}, {\"click\": {}}]"))
                .isEqualTo("browser.run: actions[1].click.selector is required, for example \"#next\"");
        assertThat(refusal("[{\"tap\": {\"selector\": \"#a\"}}]")).startsWith("browser.run: actions[0].tap is"
                + " not an action");
        assertThat(refusal("[{\"click\": {\"selector\": \"#a\", \"force\": true}}]"))
                .startsWith("browser.run: actions[0].click.force is not a field of this action");
        assertThat(refusal("[{\"goto\": {\"url\": \"file:///etc/passwd\"}}]"))
                .contains("actions[0].goto.url must be an absolute http or https URL");
        assertThat(refusal("[{\"waitFor\": {\"selector\": \"#a\", \"timeout\": \"soon\"}}]"))
                .contains("actions[0].waitFor.timeout must be a duration such as");
        assertThat(refusal("[{\"extract\": {\"name\": \"x\", \"selector\": \"a\", \"as\": \"attribute\"}}]"))
                .contains("actions[0].extract.attribute is required");
        assertThat(refusal("[]")).contains("actions must be a non-empty list");
    }

    @Test
    void aStartUrlIsNamedAsSuch() throws Exception {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> Action.start(JSON.readTree("\"file:///etc/passwd\"")));

        assertThat(e.getMessage()).startsWith("browser.run: startUrl must be an absolute http or https URL");
        assertThat(Action.start(JSON.readTree("\"https://portal.example.com/\"")))
                .isEqualTo(new Action.Goto("https://portal.example.com/"));
    }

    @Test
    void aFillTypesEitherAValueOrACredentialField() {
        assertThat(refusal("[{\"fill\": {\"selector\": \"#a\"}}]")).contains("actions[0].fill.value or"
                + " 'credential' must be given");
        assertThat(refusal(
                "[{\"fill\": {\"selector\": \"#a\", \"value\": \"x\", \"credential\": \"password\"}}]"))
                .contains("not both");
        assertThat(refusal("[{\"fill\": {\"selector\": \"#a\", \"credential\": \"token\"}}]"))
                .contains("actions[0].fill.credential must be \"username\" or \"password\"");
    }

    @Test
    void onlyListExtractsShareAName() {
        assertThat(
                refusal("""
                        [{"extract": {"name": "t", "selector": "h1"}}, {"extract": {"name": "t", "selector": "h2"}}]"""))
                .contains("actions[1].extract.name 't' is used by an earlier action");
        assertThat(refusal("""
                [{"screenshot": {"name": "p"}}, {"download": {"name": "p", "url": "/a"}}]"""))
                .contains("actions[1].download.name 'p' is used by an earlier action");
    }
}
