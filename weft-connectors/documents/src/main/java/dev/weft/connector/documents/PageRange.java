package dev.weft.connector.documents;

import dev.weft.connector.Inputs;
import dev.weft.connector.ConnectorException;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages a call reads: {@code "1-3,7"}, {@code "2-"} (to the end) or all of them. Immutable.
 *
 * @param pages the selected page numbers, from 1
 */
record PageRange(List<Integer> pages) {
    private static final Pattern PART = Pattern.compile("\\s*(\\d+)\\s*(?:(-)\\s*(\\d+)?)?\\s*");

    PageRange {
        pages = List.copyOf(pages);
    }

    /**
     * Reads {@code spec} (null: every page) against a document of {@code pageCount} pages.
     *
     * @throws ConnectorException naming the field when it does not parse or names no page of the document
     */
    static PageRange parse(Inputs in, String field, String spec, int pageCount) throws ConnectorException {
        BitSet selected = new BitSet();
        if (spec == null || spec.isBlank()) {
            selected.set(1, pageCount + 1);
        } else {
            for (String part : spec.split(",")) {
                Matcher m = PART.matcher(part);
                if (!m.matches()) {
                    throw in.invalid(field, "must be page numbers and ranges such as \"1-3,5\" or \"2-\","
                            + " but was \"" + spec + "\"");
                }
                int from = number(in, field, m.group(1), spec);
                int to = m.group(2) == null
                        ? from
                        : m.group(3) == null
                                ? pageCount
                                : number(in, field, m
                                        .group(3), spec);
                if (from < 1 || to < from) {
                    throw in.invalid(field, "has the range \"" + part.strip() + "\"; pages count from 1 and a"
                            + " range goes upwards, as in \"2-4\"");
                }
                if (from > pageCount) {
                    throw in.invalid(field, "names page " + from + ", but the document has " + pageCount
                            + " page(s)");
                }
                selected.set(from, Math.min(to, pageCount) + 1);
            }
        }
        return new PageRange(selected.stream().boxed().toList());
    }

    private static int number(Inputs in, String field, String digits, String spec) throws ConnectorException {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw in.invalid(field, "has a page number too large to be one: \"" + spec + "\"");
        }
    }

    int size() {
        return pages.size();
    }
}
