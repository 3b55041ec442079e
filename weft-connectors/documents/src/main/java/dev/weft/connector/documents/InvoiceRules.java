package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.documents.Labels.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an invoice's header fields by their labels: the value in the same text after the label, in the next
 * column of the same line, or in the line below under the label. Each field is taken from its candidates
 * as invoices lay them out: the first number and dates, the last subtotal and tax (the totals box ends the
 * document), the largest total (a "Total" column heading stands over line amounts). Stateless.
 */
final class InvoiceRules {
    static final double BESIDE = 0.85;
    static final double BELOW = 0.75;
    /** A block (a name and address) read under its label. */
    static final double BLOCK = 0.8;
    /** The supplier guessed as the first block of the first page, without a label. */
    static final double GUESSED = 0.6;
    /** A numeric date whose day and month could be swapped, read day first. */
    static final double AMBIGUOUS = 0.5;
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-/._]*");
    private static final Pattern TAX_ID = Pattern.compile("[A-Z]{0,4}[ -]?[0-9][0-9A-Z .\\-/]{3,}[0-9A-Z]");
    private static final int MAX_ADDRESS_LINES = 4;
    private static final int MAX_NAME_WORDS = 6;

    /** A value found for a label, where it was found, and the text of its line (for the currency). */
    private record Candidate(Kind kind, JsonNode value, BigDecimal amount, double confidence, int order,
            String line) {
    }

    private InvoiceRules() {
    }

    static void apply(List<Layout.Page> pages, Hints hints, InvoiceFields fields) {
        List<Layout.Line> lines = pages.stream().flatMap(p -> p.lines().stream()).toList();
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<Layout.Segment> segments = lines.get(i).segments();
            for (int j = 0; j < segments.size(); j++) {
                Labels.Match match = Labels.at(segments.get(j).text());
                if (match == null) {
                    continue;
                }
                Kind kind = match.label().kind();
                if (kind == Kind.CUSTOMER || kind == Kind.SUPPLIER) {
                    block(lines, i, segments.get(j), match.rest(), kind, fields, BLOCK);
                } else if (kind != Kind.OTHER) {
                    candidate(lines, i, j, match, hints).ifPresent(candidates::add);
                }
            }
        }
        first(candidates, Kind.NUMBER).ifPresent(c -> put(fields, "number", c));
        first(candidates, Kind.ISSUE_DATE).ifPresent(c -> put(fields, "issueDate", c));
        first(candidates, Kind.DUE_DATE).ifPresent(c -> put(fields, "dueDate", c));
        first(candidates, Kind.TAX_ID).ifPresent(c -> put(fields, "supplier.taxId", c));
        last(candidates, Kind.SUBTOTAL).ifPresent(c -> put(fields, "subtotal", c));
        last(candidates, Kind.TAX).ifPresent(c -> put(fields, "tax", c));
        Optional<Candidate> total = candidates.stream().filter(c -> c.kind() == Kind.TOTAL)
                .max(Comparator.comparing(Candidate::amount).thenComparing(Candidate::order));
        total.ifPresent(c -> put(fields, "total", c));
        if (!fields.has("supplier.name") && !pages.isEmpty()) {
            guessSupplier(pages.get(0).lines(), fields);
        }
        currency(candidates, total, lines, hints, fields);
    }

    private static void put(InvoiceFields fields, String name, Candidate c) {
        fields.put(name, Field.rule(c.value(), c.confidence()));
    }

    private static Optional<Candidate> first(List<Candidate> all, Kind kind) {
        return all.stream().filter(c -> c.kind() == kind).findFirst();
    }

    private static Optional<Candidate> last(List<Candidate> all, Kind kind) {
        return all.stream().filter(c -> c.kind() == kind).reduce((a, b) -> b);
    }

    /** The label's value: after it, in the next column, or below it. */
    private static Optional<Candidate> candidate(List<Layout.Line> lines, int i, int j, Labels.Match match,
            Hints hints) {
        Kind kind = match.label().kind();
        int order = i * 100 + j;
        String lineText = lines.get(i).text();
        if (!match.rest().isEmpty()) {
            Optional<Candidate> c = value(kind, match.rest(), hints, BESIDE, order, lineText);
            if (c.isPresent()) {
                return c;
            }
        }
        List<Layout.Segment> segments = lines.get(i).segments();
        if (j + 1 < segments.size() && Labels.at(segments.get(j + 1).text()) == null) {
            Optional<Candidate> c = value(kind, segments.get(j + 1).text(), hints, BESIDE, order, lineText);
            if (c.isPresent()) {
                return c;
            }
        }
        if (!match.label().below()) {
            return Optional.empty();
        }
        Layout.Segment label = segments.get(j);
        for (int k = i + 1; k < lines.size() && k <= i + 3; k++) {
            Layout.Line below = lines.get(k);
            if (below.page() != lines.get(i).page() || below.y() - label.y() > 3.5f * label.size()) {
                break;
            }
            for (Layout.Segment s : below.segments()) {
                if (s.overlapsHorizontally(label)) {
                    if (Labels.at(s.text()) != null) {
                        return Optional.empty();
                    }
                    return value(kind, s.text(), hints, BELOW, order, below.text());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Candidate> value(Kind kind, String text, Hints hints, double confidence,
            int order,
            String line) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        switch (kind) {
            case NUMBER -> {
                Matcher m = NUMBER.matcher(text);
                while (m.find()) {
                    if (m.group().chars().anyMatch(Character::isDigit)) {
                        return Optional
                                .of(new Candidate(kind, json.textNode(m.group()), null, confidence, order,
                                        line));
                    }
                }
                return Optional.empty();
            }
            case ISSUE_DATE, DUE_DATE -> {
                return Dates.first(text, hints)
                        .map(d -> new Candidate(kind, json.textNode(d.date().toString()),
                                null, d.ambiguous() ? Math.min(confidence, AMBIGUOUS) : confidence, order,
                                line));
            }
            case SUBTOTAL, TAX, TOTAL -> {
                return Amounts.last(text, hints).map(a -> new Candidate(kind, json.numberNode(a.value()),
                        a.value(), confidence, order, line));
            }
            case TAX_ID -> {
                Matcher m = TAX_ID.matcher(text.strip());
                return m.lookingAt()
                        ? Optional.of(new Candidate(kind, json.textNode(m.group().strip()), null, confidence,
                                order, line))
                        : Optional.empty();
            }
            case CURRENCY -> {
                String code = Amounts.currency(text);
                return code == null
                        ? Optional.empty()
                        : Optional
                                .of(new Candidate(kind, json.textNode(code), null, confidence, order, line));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** A name and address: after the label or under it, then the lines under it in the same column. */
    private static void block(List<Layout.Line> lines, int i, Layout.Segment label, String rest, Kind kind,
            InvoiceFields fields, double confidence) {
        String prefix = kind == Kind.CUSTOMER ? "customer." : "supplier.";
        if (fields.has(prefix + "name")) {
            return;
        }
        List<String> texts = new ArrayList<>();
        if (!rest.isEmpty()) {
            texts.add(rest);
        }
        float lastY = label.y();
        for (int k = i + 1; k < lines.size() && texts.size() <= MAX_ADDRESS_LINES; k++) {
            Layout.Line below = lines.get(k);
            if (below.page() != lines.get(i).page() || below.y() - lastY > 2.2f * label.size()) {
                break;
            }
            Layout.Segment s = below.segments().stream().filter(x -> x.overlapsHorizontally(label))
                    .findFirst()
                    .orElse(null);
            if (s == null) {
                continue;
            }
            if (Labels.at(s.text()) != null) {
                break;
            }
            texts.add(s.text());
            lastY = below.y();
        }
        putBlock(fields, prefix, texts, confidence);
    }

    private static void putBlock(InvoiceFields fields, String prefix, List<String> texts, double confidence) {
        if (texts.isEmpty()) {
            return;
        }
        fields.put(prefix + "name", Field.rule(texts.get(0), confidence));
        if (texts.size() > 1) {
            fields.put(prefix + "address", Field.rule(String.join(", ", texts.subList(1, texts.size())),
                    confidence - 0.05));
        }
    }

    /**
     * Without a supplier label, the supplier is the first block of the first page that is neither the
     * document's title nor a label: its name and the lines under it in the same column.
     */
    private static void guessSupplier(List<Layout.Line> lines, InvoiceFields fields) {
        for (int i = 0; i < lines.size(); i++) {
            for (Layout.Segment s : lines.get(i).segments()) {
                if (Labels.isTitle(s.text()) || Labels.at(s.text()) != null) {
                    continue;
                }
                if (s.text().split("\\s+").length > MAX_NAME_WORDS) {
                    return; // a sentence: the page starts with text, not with its issuer's block
                }
                String customer = fields.get("customer.name") == null
                        ? null
                        : fields.get("customer.name").value().asText();
                if (s.text().equals(customer)) {
                    return;
                }
                List<String> texts = new ArrayList<>(List.of(s.text()));
                float lastY = s.y();
                for (int k = i + 1; k < lines.size() && texts.size() <= MAX_ADDRESS_LINES; k++) {
                    Layout.Line below = lines.get(k);
                    Layout.Segment next = below.segments().stream()
                            .filter(x -> Math.abs(x.x0() - s.x0()) < 3f).findFirst().orElse(null);
                    if (next == null || below.y() - lastY > 2.2f * s.size()
                            || Labels.at(next.text()) != null) {
                        break;
                    }
                    texts.add(next.text());
                    lastY = below.y();
                }
                putBlock(fields, "supplier.", texts, GUESSED);
                return;
            }
        }
    }

    /** The hint's currency, else a currency label's, else the one written with the total, else any. */
    private static void currency(List<Candidate> candidates, Optional<Candidate> total,
            List<Layout.Line> lines,
            Hints hints, InvoiceFields fields) {
        if (hints.currency() != null) {
            fields.put("currency", Field.rule(hints.currency(), 0.95));
            return;
        }
        Optional<Candidate> labelled = first(candidates, Kind.CURRENCY);
        if (labelled.isPresent()) {
            put(fields, "currency", labelled.get());
            return;
        }
        String withTotal = total.map(c -> Amounts.currency(c.line())).orElse(null);
        if (withTotal != null) {
            fields.put("currency", Field.rule(withTotal, 0.85));
            return;
        }
        lines.stream().map(l -> Amounts.currency(l.text())).filter(c -> c != null).findFirst()
                .ifPresent(c -> fields.put("currency", Field.rule(c, 0.7)));
    }
}
