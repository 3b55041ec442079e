package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.documents.Labels.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An invoice's line items, read from the tables of its pages: a row whose headings name a description and an
 * amount starts them; the rows under it are items until a subtotal, tax or total row; a table on a later
 * page as wide as the first goes on with them (a table continued over pages). A row with a description
 * only goes on the description of the item above (a wrapped line). Stateless.
 */
final class LineItems {
    static final double CONFIDENCE = 0.8;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern DESCRIPTION = Pattern.compile(
            "^(?:description|item|items|service|services|product|products|article|details|particulars"
                    + "|beschreibung|bezeichnung|leistung|artikel)\\b",
            FLAGS);
    private static final Pattern UNIT_PRICE = Pattern.compile(
            "^(?:unit\\s*price|unit\\s*cost|price|rate|einzelpreis|e-?preis|preis)\\b", FLAGS);
    private static final Pattern QUANTITY = Pattern.compile(
            "^(?:qty|quantity|units?|hours|hrs|menge|anzahl|stk|pcs)\\b", FLAGS);
    private static final Pattern AMOUNT = Pattern.compile(
            "^(?:amount|line\\s*total|total|net|betrag|gesamt(?:preis)?|summe|sum)\\b", FLAGS);
    private static final Set<Kind> END = Set.of(Kind.SUBTOTAL, Kind.TAX, Kind.TOTAL);

    /** Which column holds what; -1 when none does. */
    private record Columns(int width, int description, int quantity, int unitPrice, int amount) {
    }

    /** One item while it is read. */
    private static final class Item {
        String description;
        BigDecimal quantity;
        BigDecimal unitPrice;
        BigDecimal amount;
    }

    private LineItems() {
    }

    /** The items found in {@code tables}, or empty when no table has item headings. */
    static Optional<ArrayNode> read(List<Tables.Extracted> tables, Hints hints) {
        List<Item> items = new ArrayList<>();
        Columns columns = null;
        int lastPage = -1;
        tables : for (Tables.Extracted table : tables) {
            List<List<String>> rows = table.rows();
            int start = 0;
            Columns found = null;
            for (int r = 0; r < rows.size() && found == null; r++) {
                found = headings(rows.get(r));
                start = r + 1;
            }
            if (found != null) {
                columns = found;
            } else if (columns == null || table.page() == lastPage || width(rows) != columns.width()) {
                continue;
            } else {
                start = 0;
            }
            lastPage = table.page();
            for (int r = start; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                if (row.stream().anyMatch(LineItems::ends)) {
                    break tables;
                }
                add(items, row, columns, hints);
            }
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Item item : items) {
            ObjectNode line = out.addObject();
            line.put("description", item.description);
            line.put("quantity", item.quantity);
            line.put("unitPrice", item.unitPrice);
            line.put("amount", item.amount);
        }
        return Optional.of(out);
    }

    /** The sum of the items' amounts. */
    static BigDecimal sum(ArrayNode lines) {
        BigDecimal sum = BigDecimal.ZERO;
        for (var line : lines) {
            if (line.path("amount").isNumber()) {
                sum = sum.add(line.path("amount").decimalValue());
            }
        }
        return sum;
    }

    private static void add(List<Item> items, List<String> row, Columns columns, Hints hints) {
        String description = cell(row, columns.description());
        Optional<Amounts.Amount> amount = Amounts.last(cell(row, columns.amount()), hints);
        if (amount.isEmpty()) {
            boolean onlyText = !description.isEmpty() && row.stream().filter(c -> !c.isEmpty()).count() == 1;
            if (onlyText && !items.isEmpty()) {
                Item above = items.get(items.size() - 1);
                above.description = above.description + " " + description;
            }
            return;
        }
        if (description.isEmpty()) {
            return;
        }
        Item item = new Item();
        item.description = description;
        item.amount = amount.get().value();
        item.quantity = Amounts.last(cell(row, columns.quantity()), hints).map(Amounts.Amount::value)
                .orElse(null);
        item.unitPrice = Amounts.last(cell(row, columns.unitPrice()), hints).map(Amounts.Amount::value)
                .orElse(null);
        items.add(item);
    }

    private static boolean ends(String cell) {
        Labels.Match m = Labels.at(cell);
        return m != null && END.contains(m.label().kind());
    }

    private static Columns headings(List<String> row) {
        int description = -1;
        int quantity = -1;
        int unitPrice = -1;
        int amount = -1;
        for (int c = 0; c < row.size(); c++) {
            String h = row.get(c).strip();
            if (description < 0 && DESCRIPTION.matcher(h).find()) {
                description = c;
            } else if (unitPrice < 0 && UNIT_PRICE.matcher(h).find()) {
                unitPrice = c;
            } else if (quantity < 0 && QUANTITY.matcher(h).find()) {
                quantity = c;
            } else if (AMOUNT.matcher(h).find()) {
                amount = c; // the rightmost amount heading: "Net | VAT | Total" ends with the line's total
            }
        }
        return description >= 0 && amount >= 0
                ? new Columns(row.size(), description, quantity, unitPrice, amount)
                : null;
    }

    private static int width(List<List<String>> rows) {
        return rows.stream().mapToInt(List::size).max().orElse(0);
    }

    private static String cell(List<String> row, int column) {
        return column < 0 || column >= row.size() ? "" : row.get(column).strip();
    }
}
