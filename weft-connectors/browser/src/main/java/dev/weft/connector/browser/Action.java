package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step of a {@code browser.run}: an object with a single field naming the action ({@code {"click":
 * {"selector": "#next"}}}). Parsed whole before Chromium starts, so that a mistyped action fails at once, as
 * {@code browser.invalid} naming {@code actions[i].<action>} and the field. Immutable.
 */
sealed interface Action {
    /** The action's name as the input spells it: {@code goto}, {@code click}, ... */
    String kind();

    /** What the action aims at, for messages: a selector, a URL, or a name. */
    String target();

    record Goto(String url) implements Action {
        public String kind() {
            return "goto";
        }

        public String target() {
            return url;
        }
    }

    /** Types {@code value}, or the system credential's {@code credential} field (username or password). */
    record Fill(String selector, String value, String credential) implements Action {
        public String kind() {
            return "fill";
        }

        public String target() {
            return selector;
        }
    }

    record Click(String selector) implements Action {
        public String kind() {
            return "click";
        }

        public String target() {
            return selector;
        }
    }

    record Select(String selector, String value) implements Action {
        public String kind() {
            return "select";
        }

        public String target() {
            return selector;
        }
    }

    record WaitFor(String selector, Duration timeout) implements Action {
        public String kind() {
            return "waitFor";
        }

        public String target() {
            return selector;
        }
    }

    /** What an extract reads of the element(s) its selector matches. */
    enum Read {
        TEXT, ALL, ATTRIBUTE, TABLE
    }

    record Extract(String name, String selector, Read read, String attribute) implements Action {
        public String kind() {
            return "extract";
        }

        public String target() {
            return selector;
        }

        /** Whether this extract yields a list, which a second extract of the same name extends. */
        boolean list() {
            return read == Read.ALL || read == Read.TABLE;
        }
    }

    record Screenshot(String name, boolean fullPage) implements Action {
        public String kind() {
            return "screenshot";
        }

        public String target() {
            return name;
        }
    }

    /** Fetches the link of the element {@code selector} matches, or {@code url}, into the blob store. */
    record Download(String name, String selector, String url) implements Action {
        public String kind() {
            return "download";
        }

        public String target() {
            return selector != null ? selector : url;
        }
    }

    Set<String> KINDS = Set.of("goto", "fill", "click", "select", "waitFor", "extract", "screenshot",
            "download");

    /** Reads {@code actions}; every problem names the action by its index. */
    static List<Action> parseAll(JsonNode actions) throws ConnectorException {
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            throw invalid("actions", "must be a non-empty list such as [{\"goto\": {\"url\":"
                    + " \"https://portal.example.com/login\"}}], but was "
                    + (actions == null ? "missing" : actions));
        }
        List<Action> all = new ArrayList<>();
        Map<String, Boolean> extracted = new HashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            Action action = parse(i, actions.get(i));
            String name = switch (action) {
                case Extract e -> e.name();
                case Screenshot s -> s.name();
                case Download d -> d.name();
                default -> null;
            };
            if (name != null) {
                boolean list = action instanceof Extract e && e.list();
                Boolean before = extracted.put(action.kind().equals("extract") ? "v:" + name : "b:" + name,
                        list);
                if (before != null && !(before && list)) {
                    throw invalid("actions[" + i + "]." + action.kind() + ".name", "'" + name
                            + "' is used by an"
                            + " earlier action; only extracts of a table or of all matches may share a name"
                            + " (their lists are joined): give this one a name of its own");
                }
            }
            all.add(action);
        }
        return List.copyOf(all);
    }

    private static Action parse(int index, JsonNode item) throws ConnectorException {
        String at = "actions[" + index + "]";
        if (item == null || !item.isObject() || item.size() != 1) {
            throw invalid(at, "must be an object with one field naming the action (one of " + KINDS
                    + "), such as {\"click\": {\"selector\": \"#next\"}}, but was " + item);
        }
        String kind = item.fieldNames().next();
        if (!KINDS.contains(kind)) {
            throw invalid(at + "." + kind, "is not an action; the actions are " + KINDS);
        }
        Fields f = new Fields(at + "." + kind, item.get(kind));
        return switch (kind) {
            case "goto" -> {
                f.only("url");
                yield new Goto(url(f.at() + ".url", f.required("url", "https://portal.example.com/login")));
            }
            case "fill" -> {
                f.only("selector", "value", "credential");
                String value = f.text("value");
                String credential = f.text("credential");
                if ((value == null) == (credential == null)) {
                    throw f.invalid("value",
                            "or 'credential' must be given, not both: {\"value\": \"text\"} or"
                                    + " {\"credential\": \"username\"} or {\"credential\": \"password\"}");
                }
                if (credential != null && !credential.equals("username") && !credential.equals("password")) {
                    throw f.invalid("credential", "must be \"username\" or \"password\" (the fields of the"
                            + " system's basic credential), but was \"" + credential + "\"");
                }
                yield new Fill(f.required("selector", "#username"), value, credential);
            }
            case "click" -> {
                f.only("selector");
                yield new Click(f.required("selector", "#next"));
            }
            case "select" -> {
                f.only("selector", "value");
                yield new Select(f.required("selector", "#country"), f.required("value", "DE"));
            }
            case "waitFor" -> {
                f.only("selector", "timeout");
                String timeout = f.text("timeout");
                Duration wait = null;
                if (timeout != null) {
                    wait = Durations.parse(timeout).orElseThrow(() -> f.invalid("timeout", "must be "
                            + Durations.EXPECTED + ", but was \"" + timeout + "\""));
                }
                yield new WaitFor(f.required("selector", "#results"), wait);
            }
            case "extract" -> extract(f);
            case "screenshot" -> {
                f.only("name", "fullPage");
                yield new Screenshot(f.name(), f.bool("fullPage"));
            }
            default -> {
                f.only("name", "selector", "url");
                String selector = f.text("selector");
                String url = f.text("url");
                if ((selector == null) == (url == null)) {
                    throw f.invalid("selector", "or 'url' must be given, not both: the link to fetch is the"
                            + " href (or src) of the element the selector matches, or the url");
                }
                yield new Download(f.name(), selector, url);
            }
        };
    }

    private static Extract extract(Fields f) throws ConnectorException {
        f.only("name", "selector", "as", "attribute");
        String as = f.text("as");
        String attribute = f.text("attribute");
        Read read;
        if (as == null) {
            read = attribute != null ? Read.ATTRIBUTE : Read.TEXT;
        } else {
            read = switch (as) {
                case "text" -> Read.TEXT;
                case "all" -> Read.ALL;
                case "attribute" -> Read.ATTRIBUTE;
                case "table" -> Read.TABLE;
                default ->
                    throw f.invalid("as", "must be text, all, attribute or table, but was \"" + as + "\"");
            };
        }
        if (read == Read.ATTRIBUTE && attribute == null) {
            throw f.invalid("attribute", "is required with \"as\": \"attribute\", for example \"href\"");
        }
        return new Extract(f.name(), f.required("selector", "table#orders"), read, attribute);
    }

    /** The navigation a run's {@code startUrl} asks for, before its actions. */
    static Goto start(JsonNode url) throws ConnectorException {
        if (!url.isTextual()) {
            throw invalid("startUrl", "must be a string, but was " + url.getNodeType());
        }
        return new Goto(url("startUrl", url.textValue()));
    }

    private static String url(String field, String url) throws ConnectorException {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw invalid(field,
                "must be an absolute http or https URL such as https://portal.example.com/login,"
                        + " but was \"" + url + "\"");
    }

    static ConnectorException invalid(String field, String problem) {
        return ConnectorException.permanent("browser.invalid", "browser.run: " + field + " " + problem, null,
                null);
    }

    /** The fields of one action's object, each problem named {@code actions[i].<kind>.<field>}. */
    record Fields(String at, JsonNode node) {
        void only(String... names) throws ConnectorException {
            if (node == null || !node.isObject()) {
                throw invalid(at,
                        "must be an object with the fields " + List.of(names) + ", but was " + node);
            }
            for (String name : (Iterable<String>) node::fieldNames) {
                if (!List.of(names).contains(name)) {
                    throw invalid(name, "is not a field of this action; its fields are "
                            + List.of(names));
                }
            }
        }

        ConnectorException invalid(String field, String problem) {
            return Action.invalid(at + "." + field, problem);
        }

        String text(String field) throws ConnectorException {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw invalid(field, "must be a string, but was " + value.getNodeType());
            }
            return value.textValue();
        }

        String required(String field, String example) throws ConnectorException {
            String value = text(field);
            if (value == null || value.isEmpty()) {
                throw invalid(field, "is required, for example \"" + example + "\"");
            }
            return value;
        }

        String name() throws ConnectorException {
            String name = required("name", "orders");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_-]{0,63}")) {
                throw invalid("name", "must be letters, digits, '_' and '-' (at most 64, not starting with a"
                        + " digit), but was \"" + name + "\"");
            }
            return name;
        }

        boolean bool(String field) throws ConnectorException {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return false;
            }
            if (!value.isBoolean()) {
                throw invalid(field, "must be true or false, but was " + value);
            }
            return value.booleanValue();
        }
    }
}
