package dev.weft.connector.wordpress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The WordPress connector's operations, each declared once: its route under {@code /wp/v2}, which input
 * fields go into the path, the query and the body, and what it answers. Posts and pages share their shapes,
 * as do categories and tags. The JSON Schemas, the docs page and the client's requests all come from here.
 */
final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How an operation answers. */
    enum Answer {
        /** The record as WordPress answers it. */
        OBJECT,
        /** A page of records under {@code items}, with WordPress's totals. */
        LIST,
        /** A deletion: the trashed record, or {@code {deleted, previous}} when forced. */
        DELETE,
        /** A media upload from a blob. */
        UPLOAD
    }

    /**
     * One operation.
     *
     * @param route the route, such as {@code /wp/v2/posts/{id}}, with {@code {id}} taken from the input
     * @param query input fields sent as query parameters, when given (lists joined with commas)
     * @param body the input field sent whole as the JSON body, or null
     * @param properties the input schema's properties (JSON text)
     */
    record Op(String name, String description, String method, String route, List<String> query, String body,
            String properties, List<String> required, Answer answer, boolean idempotent, boolean readOnly,
            List<Example> examples) {

        OperationSpec spec() {
            String output = switch (answer) {
                case OBJECT, UPLOAD ->
                    """
                            {"type": "object", "required": ["id"], "description": "the record as WordPress answers it"}""";
                case LIST ->
                    """
                            {"type": "object", "required": ["items", "page", "per_page"], "properties": {
                              "items": {"type": "array", "items": {"type": "object"}},
                              "page": {"type": "integer"}, "per_page": {"type": "integer"},
                              "total": {"type": "integer", "description": "the records matching (X-WP-Total)"},
                              "total_pages": {"type": "integer", "description": "the pages of per_page (X-WP-TotalPages)"}}}""";
                case DELETE ->
                    """
                            {"type": "object", "description": "the record moved to the trash (status trash), or, with force, {\\"deleted\\": true, \\"previous\\": the record}"}""";
            };
            String requiredList = required.stream().map(r -> "\"" + r + "\"")
                    .collect(Collectors.joining(", "));
            return new OperationSpec(name, description,
                    parse("{\"type\": \"object\", \"additionalProperties\": false, \"required\": ["
                            + requiredList
                            + "], \"properties\": {" + properties + "}}"),
                    parse(output), idempotent, readOnly, examples);
        }
    }

    static final String ID = """
            "id": {"type": "integer", "minimum": 1, "description": "the record's id"}""";
    private static final String PAGING = """
            "page": {"type": "integer", "minimum": 1, "default": 1, "description": "the page, from 1"},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10, "description": "records per page (WordPress allows at most 100)"},
            "search": {"type": "string"},
            "order": {"type": "string", "enum": ["asc", "desc"]},
            "include": {"type": "array", "items": {"type": "integer"}, "description": "only these ids"},
            "exclude": {"type": "array", "items": {"type": "integer"}}""";
    private static final List<String> PAGING_QUERY = List.of("page", "per_page", "search", "order", "include",
            "exclude");
    private static final String DATES = """
            "after": {"type": "string", "description": "published after this time, ISO 8601 (2026-12-01T00:00:00)"},
            "before": {"type": "string"},
            "modified_after": {"type": "string", "description": "changed after this time, ISO 8601, in the site's time zone"},
            "modified_before": {"type": "string"}""";
    private static final String CONTEXT = """
            "context": {"type": "string", "enum": ["view", "edit", "embed"], "description": "edit adds raw fields (title.raw) and needs the right to edit"}""";
    private static final String STATUS = """
            "status": {"type": "array", "items": {"type": "string"}, "description": "publish, future, draft, pending, private, trash; any other than publish needs the right to edit"}""";
    private static final String CONTENT_FIELDS = """
            "title": {"type": "string"},
            "content": {"type": "string", "description": "HTML or block markup"},
            "excerpt": {"type": "string"},
            "status": {"type": "string", "enum": ["publish", "future", "draft", "pending", "private"]},
            "slug": {"type": "string"},
            "date": {"type": "string", "description": "the publication time, ISO 8601 in the site's time zone"},
            "author": {"type": "integer", "minimum": 1},
            "featured_media": {"type": "integer", "minimum": 0, "description": "a media id (0: none)"},
            "comment_status": {"type": "string", "enum": ["open", "closed"]},
            "password": {"type": "string", "description": "protects the content with this password"},
            "meta": {"type": "object"},
            "template": {"type": "string"}""";
    private static final String POST_FIELDS = CONTENT_FIELDS
            + """
                    ,
                    "categories": {"type": "array", "items": {"type": "integer"}, "description": "category ids"},
                    "tags": {"type": "array", "items": {"type": "integer"}, "description": "tag ids"},
                    "format": {"type": "string", "enum": ["standard", "aside", "chat", "gallery", "link", "image", "quote", "status", "video", "audio"]},
                    "sticky": {"type": "boolean"}""";
    private static final String PAGE_FIELDS = CONTENT_FIELDS + """
            ,
            "parent": {"type": "integer", "minimum": 0, "description": "the parent page's id"},
            "menu_order": {"type": "integer"}""";

    static final List<Op> ALL;

    static {
        List<Op> all = new ArrayList<>();
        all.addAll(content("post", "posts", POST_FIELDS, """
                ,
                "categories": {"type": "array", "items": {"type": "integer"}},
                "tags": {"type": "array", "items": {"type": "integer"}},
                "sticky": {"type": "boolean"}""", List.of("categories", "tags", "sticky"),
                "{\"post\": {\"title\": \"Spring sale\", \"content\": \"<p>Ten percent off until Sunday.</p>\","
                        + " \"status\": \"draft\", \"categories\": [1]}}"));
        all.addAll(content("page", "pages", PAGE_FIELDS,
                """
                        ,
                        "parent": {"type": "array", "items": {"type": "integer"}, "description": "children of these pages"}""",
                List.of("parent"),
                "{\"page\": {\"title\": \"Opening hours\", \"content\": \"<p>Monday to Friday, 9 to 17.</p>\","
                        + " \"status\": \"publish\"}}"));
        all.add(new Op("wordpress.upload_media", "Uploads a file from the blob store to the media library"
                + " (`POST /wp/v2/media` with the bytes and `Content-Disposition: attachment; filename=...`) and"
                + " answers the new attachment (its `id` and `source_url`). `title`, `alt_text`, `caption`,"
                + " `description` and `post` (the post it belongs to) are set at once. WordPress decides from the"
                + " file name's extension whether it accepts the type (images, PDF, office documents, audio and"
                + " video by default); it refuses others (`wordpress.refused`). A repeated upload is a second"
                + " attachment.",
                "POST", "/wp/v2/media", List.of("title", "alt_text", "caption", "description", "post"), null,
                """
                        "file": {"type": "object", "required": ["$blob", "size"], "description": "a blob reference, as another step's output holds it",
                                 "properties": {"$blob": {"type": "string"}, "size": {"type": "integer"}, "contentType": {"type": "string"}}},
                        "filename": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\"\\\\\\\\/\\\\u0000-\\\\u001f\\\\u007f-\\\\uffff]+$",
                                     "description": "the file's name, with its extension (ASCII, without quotes or slashes)"},
                        "content_type": {"type": "string", "description": "the media type sent; the blob's by default"},
                        "title": {"type": "string"},
                        "alt_text": {"type": "string"},
                        "caption": {"type": "string"},
                        "description": {"type": "string"},
                        "post": {"type": "integer", "minimum": 1, "description": "the id of the post the file is attached to"}""",
                List.of("file", "filename"), Answer.UPLOAD, false, false,
                List.of(example("Upload a PDF attached to post 12",
                        "{\"file\": {\"$blob\": \"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
                                + " \"size\": 48213, \"contentType\": \"application/pdf\"}, \"filename\": \"price-list.pdf\","
                                + " \"title\": \"Price list\", \"post\": 12}"))));
        all.add(new Op("wordpress.list_media", "Lists the media library, a page at a time.", "GET",
                "/wp/v2/media",
                with(PAGING_QUERY, "after", "before", "modified_after", "modified_before", "media_type",
                        "mime_type", "parent", "orderby", "context"),
                null,
                PAGING + "," + DATES + "," + CONTEXT
                        + """
                                ,
                                "media_type": {"type": "string", "enum": ["image", "video", "text", "application", "audio"]},
                                "mime_type": {"type": "string", "description": "such as application/pdf"},
                                "parent": {"type": "array", "items": {"type": "integer"}, "description": "attached to these posts"},
                                "orderby": {"type": "string", "enum": ["author", "date", "id", "include", "modified", "parent", "relevance", "slug", "include_slugs", "title"]}""",
                List.of(), Answer.LIST, true, true,
                List.of(example("PDFs, newest first",
                        "{\"mime_type\": \"application/pdf\", \"per_page\": 20}"))));
        all.add(new Op("wordpress.get_media", "Reads one media item (its `source_url`, `mime_type`,"
                + " `media_details`).", "GET", "/wp/v2/media/{id}", List.of("context"), null,
                ID + "," + CONTEXT,
                List.of("id"), Answer.OBJECT, true, true, List.of(example("Read media 31", "{\"id\": 31}"))));
        all.add(new Op("wordpress.list_users",
                "Lists users, a page at a time. Without `context: edit` WordPress"
                        + " answers only public fields (and, to users who may not list users, only authors of published"
                        + " posts); `roles` needs the right to list users.",
                "GET", "/wp/v2/users",
                with(PAGING_QUERY, "roles", "slug", "orderby", "context"), null,
                PAGING + "," + CONTEXT
                        + """
                                ,
                                "roles": {"type": "array", "items": {"type": "string"}, "description": "such as [\\"editor\\", \\"author\\"]"},
                                "slug": {"type": "array", "items": {"type": "string"}},
                                "orderby": {"type": "string", "enum": ["id", "include", "name", "registered_date", "slug", "include_slugs", "email", "url"]}""",
                List.of(), Answer.LIST, true, true,
                List.of(example("Editors with their e-mail addresses",
                        "{\"roles\": [\"editor\"], \"context\": \"edit\"}"))));
        all.add(new Op("wordpress.get_user",
                "Reads one user by id, or the credential's own user with `\"me\"`.",
                "GET", "/wp/v2/users/{id}", List.of("context"), null,
                """
                        "id": {"oneOf": [{"type": "integer", "minimum": 1}, {"const": "me"}], "description": "the user's id, or \\"me\\""},
                        """
                        + CONTEXT,
                List.of("id"), Answer.OBJECT, true, true,
                List.of(example("The credential's user", "{\"id\": \"me\"}"))));
        all.add(new Op("wordpress.create_user", "Creates a user (`username`, `email` and `password` required;"
                + " `roles` such as `[\"author\"]`, the site's default role otherwise) and answers it. Needs an"
                + " administrator's application password. The password is sent to WordPress and never answered.",
                "POST", "/wp/v2/users", List.of(), "user",
                """
                        "user": {"type": "object", "required": ["username", "email", "password"], "properties": {
                          "username": {"type": "string", "minLength": 1},
                          "email": {"type": "string", "format": "email"},
                          "password": {"type": "string", "minLength": 1},
                          "name": {"type": "string"}, "first_name": {"type": "string"}, "last_name": {"type": "string"},
                          "nickname": {"type": "string"}, "url": {"type": "string"}, "description": {"type": "string"},
                          "locale": {"type": "string"},
                          "roles": {"type": "array", "items": {"type": "string"}},
                          "meta": {"type": "object"}}}""",
                List.of("user"), Answer.OBJECT, false, false,
                List.of(example("Create an author",
                        "{\"user\": {\"username\": \"ada\", \"email\": \"ada@example.com\", \"password\":"
                                + " \"a long passphrase\", \"name\": \"Ada Lovelace\", \"roles\": [\"author\"]}}"))));
        all.addAll(terms("category", "categories", """
                ,
                "parent": {"type": "integer", "minimum": 0}""", "Products"));
        all.addAll(terms("tag", "tags", "", "spring-sale"));
        ALL = List.copyOf(all);
    }

    static final Map<String, Op> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Op::name, Function.identity()));

    private Operations() {
    }

    /** List, get, create, update and delete of posts or pages. */
    private static List<Op> content(String one, String many, String fields, String extraFilters,
            List<String> extraQuery, String createExample) {
        String route = "/wp/v2/" + many;
        String body = "\"" + one + "\": {\"type\": \"object\", \"minProperties\": 1, \"properties\": {"
                + fields
                + "}}";
        return List.of(
                new Op("wordpress.list_" + many, "Lists " + many + ", a page at a time, newest first unless"
                        + " `orderby` says otherwise; the answer has WordPress's totals (`total`, `total_pages`)."
                        + " A page past the last is an empty `items`.", "GET", route,
                        with(with(PAGING_QUERY, "status", "after", "before", "modified_after",
                                "modified_before",
                                "author", "slug", "orderby", "context"), extraQuery.toArray(String[]::new)),
                        null,
                        PAGING + "," + STATUS + "," + DATES + "," + CONTEXT
                                + """
                                        ,
                                        "author": {"type": "array", "items": {"type": "integer"}},
                                        "slug": {"type": "array", "items": {"type": "string"}},
                                        "orderby": {"type": "string", "enum": ["author", "date", "id", "include", "modified", "parent", "relevance", "slug", "include_slugs", "title"]}"""
                                + extraFilters,
                        List.of(), Answer.LIST, true, true,
                        List.of(example("Drafts changed this month, oldest change first",
                                "{\"status\": [\"draft\"], \"modified_after\": \"2026-12-01T00:00:00\", \"orderby\":"
                                        + " \"modified\", \"order\": \"asc\", \"per_page\": 50, \"context\": \"edit\"}"))),
                new Op("wordpress.get_" + one, "Reads one " + one + " by id.", "GET", route + "/{id}",
                        List.of("context"), null, ID + "," + CONTEXT, List.of("id"), Answer.OBJECT, true,
                        true,
                        List.of(example("Read " + one + " 12", "{\"id\": 12}"))),
                new Op("wordpress.create_" + one, "Creates a " + one
                        + " (a draft unless `status` says otherwise)"
                        + " and answers it, with its `id` and `link`. Not idempotent: a repeated call is a second "
                        + one + ".", "POST", route, List.of(), one, body, List.of(one), Answer.OBJECT, false,
                        false,
                        List.of(example("Create a " + one, createExample))),
                new Op("wordpress.update_" + one, "Changes the fields given of a " + one + " and answers it"
                        + " whole.", "POST", route + "/{id}", List.of(), one, ID + ", " + body,
                        List.of("id", one),
                        Answer.OBJECT, true, false,
                        List.of(example("Publish " + one + " 12",
                                "{\"id\": 12, \"" + one + "\": {\"status\": \"publish\"}}"))),
                new Op("wordpress.delete_" + one, "Moves a " + one + " to the trash and answers it (status"
                        + " `trash`); with `force: true`, deletes it for good and answers `{\"deleted\": true,"
                        + " \"previous\": ...}`. Trashing a " + one
                        + " in the trash already answers it as it is, so a"
                        + " retried step does no harm; a forced deletion retried after it succeeded is"
                        + " `wordpress.not_found`.", "DELETE", route + "/{id}", List.of("force"), null,
                        ID + """
                                ,
                                "force": {"type": "boolean", "default": false, "description": "delete for good instead of moving to the trash"}""",
                        List.of("id"), Answer.DELETE, true, false,
                        List.of(example("Move " + one + " 12 to the trash", "{\"id\": 12}"))));
    }

    /** List and create of categories or tags. */
    private static List<Op> terms(String one, String many, String extraFields, String exampleName) {
        String route = "/wp/v2/" + many;
        return List.of(
                new Op("wordpress.list_" + many, "Lists " + many + ", a page at a time.", "GET", route,
                        with(PAGING_QUERY, "hide_empty", "slug", "post", "orderby", "context"), null,
                        PAGING + "," + CONTEXT
                                + """
                                        ,
                                        "hide_empty": {"type": "boolean", "description": "leave out those no post uses"},
                                        "slug": {"type": "array", "items": {"type": "string"}},
                                        "post": {"type": "integer", "minimum": 1, "description": "those of this post"},
                                        "orderby": {"type": "string", "enum": ["id", "include", "name", "slug", "include_slugs", "term_group", "description", "count"]}""",
                        List.of(), Answer.LIST, true, true,
                        List.of(example("Find a " + one + " by slug",
                                "{\"slug\": [\"" + exampleName.toLowerCase(java.util.Locale.ROOT) + "\"]}"))),
                new Op("wordpress.create_" + one, "Creates a " + one
                        + " and answers it. A name in use already"
                        + " is refused (`wordpress.refused`, code `term_exists`, its id in `details.term_id`).",
                        "POST", route, List.of(), one, "\"" + one + "\": {\"type\": \"object\", \"required\":"
                                + " [\"name\"], \"properties\": {\"name\": {\"type\": \"string\", \"minLength\": 1},"
                                + " \"slug\": {\"type\": \"string\"}, \"description\": {\"type\": \"string\"}"
                                + extraFields + "}}",
                        List.of(one), Answer.OBJECT, false, false,
                        List.of(example("Create a " + one,
                                "{\"" + one + "\": {\"name\": \"" + exampleName + "\"}}"))));
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    private static Example example(String title, String input) {
        return new Example(title, parse(input), null);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a declaration is not JSON: " + json, e);
        }
    }
}
