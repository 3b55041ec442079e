package dev.weft.connector.kit.odata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OData {@code $batch} as multipart/mixed (OData 2.0 and 4.0 alike): requests in order, each run of
 * consecutive writes in one changeset (applied all or nothing), reads as parts of their own; and the
 * multipart answer read back part by part, nested changesets included, as one answer per request. A
 * changeset the service refused is answered by one part, which then stands for each of its requests.
 * Stateless.
 */
public final class ODataBatch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRLF = "\r\n";
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=\"?([^\";]+)\"?");
    private static final Pattern STATUS = Pattern.compile("HTTP/\\d\\.\\d\\s+(\\d{3}).*");

    private ODataBatch() {
    }

    /**
     * One request of a batch.
     *
     * @param path relative to the service root: {@code A_BusinessPartner('1000123')}
     * @param body the JSON body of a write, or null
     * @param ifMatch the {@code If-Match} ETag of an update or delete, or null
     */
    public record Request(String method, String path, JsonNode body, String ifMatch) {
        boolean write() {
            return !method.equals("GET");
        }
    }

    /** One answer: its status, headers (names lower case) and body text. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public Answer {
            headers = Map.copyOf(headers);
        }

        /** The body as JSON; a null node when empty or not JSON. */
        public JsonNode json() {
            if (body.isBlank()) {
                return JsonNodeFactory.instance.nullNode();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                return JsonNodeFactory.instance.nullNode();
            }
        }
    }

    /**
     * A built batch.
     *
     * @param groups the request indexes of each top-level part, in order: a changeset holds several
     */
    public record Built(byte[] body, String contentType, List<List<Integer>> groups) {
    }

    /** The multipart body of {@code requests}; {@code seed} (the call's idempotency key) names the boundaries. */
    public static Built build(List<Request> requests, String seed) {
        String id = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        String batch = "batch_" + id;
        StringBuilder out = new StringBuilder();
        List<List<Integer>> groups = new ArrayList<>();
        int i = 0;
        int changesets = 0;
        while (i < requests.size()) {
            out.append("--").append(batch).append(CRLF);
            if (!requests.get(i).write()) {
                part(out, requests.get(i), null);
                groups.add(List.of(i++));
                continue;
            }
            String changeset = "changeset_" + id + "_" + ++changesets;
            out.append("Content-Type: multipart/mixed; boundary=").append(changeset).append(CRLF)
                    .append(CRLF);
            List<Integer> group = new ArrayList<>();
            while (i < requests.size() && requests.get(i).write()) {
                out.append("--").append(changeset).append(CRLF);
                part(out, requests.get(i), i + 1);
                group.add(i++);
            }
            out.append("--").append(changeset).append("--").append(CRLF);
            groups.add(List.copyOf(group));
        }
        out.append("--").append(batch).append("--").append(CRLF);
        return new Built(out.toString().getBytes(StandardCharsets.UTF_8),
                "multipart/mixed; boundary=" + batch,
                List.copyOf(groups));
    }

    private static void part(StringBuilder out, Request r, Integer contentId) {
        out.append("Content-Type: application/http").append(CRLF).append("Content-Transfer-Encoding: binary")
                .append(CRLF);
        if (contentId != null) {
            out.append("Content-ID: ").append(contentId).append(CRLF);
        }
        out.append(CRLF).append(r.method()).append(' ').append(r.path()).append(" HTTP/1.1").append(CRLF)
                .append("Accept: application/json").append(CRLF);
        if (r.ifMatch() != null) {
            out.append("If-Match: ").append(r.ifMatch()).append(CRLF);
        }
        if (r.body() != null) {
            out.append("Content-Type: application/json").append(CRLF).append(CRLF)
                    .append(r.body().toString());
        }
        out.append(CRLF).append(CRLF);
    }

    /**
     * The answers of a batch's multipart answer, one per request of {@code built} in order.
     *
     * @throws IllegalArgumentException when the answer is not a multipart answer of that batch (the message
     *     says what was wrong)
     */
    public static List<Answer> parse(Built built, byte[] body, String contentType) {
        List<List<Answer>> groups = parts(new String(body, StandardCharsets.UTF_8), boundary(contentType));
        if (groups.size() != built.groups().size()) {
            throw new IllegalArgumentException("the batch had " + built.groups().size() + " parts, but the"
                    + " answer has " + groups.size());
        }
        List<Answer> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Answer> answers = groups.get(g);
            int asked = built.groups().get(g).size();
            if (answers.size() == asked) {
                out.addAll(answers);
            } else if (answers.size() == 1) {
                for (int n = 0; n < asked; n++) {
                    out.add(answers.get(0)); // a refused changeset: one answer for all of it
                }
            } else {
                throw new IllegalArgumentException("changeset " + (g + 1) + " had " + asked + " requests, but"
                        + " its answer has " + answers.size());
            }
        }
        return out;
    }

    private static String boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")
                || !m.find()) {
            throw new IllegalArgumentException("the answer is " + contentType + ", not multipart/mixed with a"
                    + " boundary");
        }
        return m.group(1);
    }

    /** The top-level parts of a multipart body: a changeset is a group of answers, any other part one. */
    private static List<List<Answer>> parts(String text, String boundary) {
        List<List<Answer>> out = new ArrayList<>();
        for (String part : split(text, boundary)) {
            int blank = headerEnd(part);
            Map<String, String> headers = headers(part.substring(0, blank));
            String rest = part.substring(blank).replaceFirst("^\r?\n\r?\n", "");
            String type = headers.getOrDefault("content-type", "");
            if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
                List<Answer> changeset = new ArrayList<>();
                parts(rest, boundary(type)).forEach(changeset::addAll);
                out.add(changeset);
            } else {
                out.add(List.of(http(rest)));
            }
        }
        return out;
    }

    private static List<String> split(String text, String boundary) {
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        int at = text.indexOf(delimiter);
        if (at < 0) {
            throw new IllegalArgumentException("the answer has no part delimited by " + delimiter);
        }
        while (true) {
            int start = at + delimiter.length();
            if (text.startsWith("--", start)) {
                return parts;
            }
            int next = text.indexOf(CRLF + delimiter, start);
            int nextLf = text.indexOf("\n" + delimiter, start);
            if (next < 0 || nextLf >= 0 && nextLf < next) {
                next = nextLf < 0 ? -1 : nextLf;
            }
            if (next < 0) {
                throw new IllegalArgumentException("the answer's last part does not end with " + delimiter
                        + "--");
            }
            parts.add(text.substring(start, next).replaceFirst("^[ \t]*\r?\n", ""));
            at = text.indexOf(delimiter, next);
        }
    }

    private static Answer http(String text) {
        int blank = headerEnd(text);
        String[] head = text.substring(0, blank).split("\r?\n", 2);
        Matcher status = STATUS.matcher(head[0].strip());
        if (!status.matches()) {
            throw new IllegalArgumentException("a part does not start with an HTTP status line: " + head[0]);
        }
        String body = text.substring(blank).replaceFirst("^\r?\n\r?\n", "").strip();
        return new Answer(Integer.parseInt(status.group(1)), headers(head.length > 1 ? head[1] : ""), body);
    }

    private static int headerEnd(String text) {
        Matcher m = Pattern.compile("\r?\n\r?\n").matcher(text);
        return m.find() ? m.start() : text.length();
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : block.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1)
                        .strip());
            }
        }
        return out;
    }
}
