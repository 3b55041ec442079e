package dev.weft.connector.documents;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads money amounts as invoices print them: {@code 1,234.56}, {@code 1.234,56 €}, {@code 1 234,56},
 * {@code USD 99}, {@code (12.00)}; percentages are not amounts. Stateless.
 */
final class Amounts {
    /** A number with grouped thousands (by space, apostrophe, point or comma), or a plain one. */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\d.,])(\\d{1,3}(?:[ \\u00a0\\u202f']\\d{3})+(?:[.,]\\d{1,2})?|\\d[\\d.,]*\\d|\\d)(?![\\d])"
                    + "(\\s*%)?");
    private static final Pattern CODE = Pattern.compile(
            "\\b(EUR|USD|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|ZAR|BRL|MXN|SGD|HKD)\\b");
    private static final Map<String, String> SYMBOLS = Map.of("€", "EUR", "£", "GBP", "$", "USD", "¥", "JPY",
            "₹", "INR", "Fr.", "CHF");

    /** An amount and the currency written beside it (or null). */
    record Amount(BigDecimal value, String currency) {
    }

    private Amounts() {
    }

    /** The last amount in {@code text} (a label's value ends with it), or empty. */
    static Optional<Amount> last(String text, Hints hints) {
        Matcher m = NUMBER.matcher(text);
        BigDecimal found = null;
        int start = -1;
        while (m.find()) {
            if (m.group(2) != null) {
                continue;
            }
            BigDecimal value = number(m.group(1), hints);
            if (value != null) {
                found = value;
                start = m.start();
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        String before = text.substring(0, start);
        if (before.stripTrailing().endsWith("-") || before.stripTrailing().endsWith("(")) {
            found = found.negate();
        }
        return Optional.of(new Amount(found, currency(text)));
    }

    /** Whether {@code text} is just an amount (with a currency, a sign or parentheses at most). */
    static boolean isAmount(String text, Hints hints) {
        String rest = NUMBER.matcher(text).replaceAll("").replaceAll(CODE.pattern(), "")
                .replaceAll("[€£$¥₹()\\-+\\s]", "");
        return rest.isEmpty() && last(text, hints).isPresent();
    }

    /** The ISO code of the currency written in {@code text}, by code or symbol; null when none is. */
    static String currency(String text) {
        Matcher code = CODE.matcher(text.toUpperCase(Locale.ROOT));
        if (code.find()) {
            return code.group(1);
        }
        for (Map.Entry<String, String> symbol : SYMBOLS.entrySet()) {
            if (text.contains(symbol.getKey())) {
                return symbol.getValue();
            }
        }
        return null;
    }

    /**
     * One number's value. With both a point and a comma, the last is the decimal mark. With one mark once
     * and one or two digits after it, it is the decimal mark; with three after it, it groups thousands
     * unless the hints say that mark is the decimal one. Grouping must be in threes.
     */
    static BigDecimal number(String token, Hints hints) {
        String t = token.replaceAll("[ \\u00a0\\u202f']", "");
        int dot = t.lastIndexOf('.');
        int comma = t.lastIndexOf(',');
        char decimal = 0;
        if (dot >= 0 && comma >= 0) {
            decimal = dot > comma ? '.' : ',';
        } else if (dot >= 0 || comma >= 0) {
            char mark = dot >= 0 ? '.' : ',';
            int last = Math.max(dot, comma);
            int after = t.length() - 1 - last;
            boolean once = t.indexOf(mark) == last;
            if (once && after <= 2) {
                decimal = mark;
            } else if (once && after == 3 && hints.decimalComma() != null
                    && hints.decimalComma() == (mark == ',')) {
                decimal = mark;
            } else if (after != 3) {
                return null;
            }
        }
        String integer = decimal == 0 ? t : t.substring(0, t.lastIndexOf(decimal));
        String fraction = decimal == 0 ? "" : t.substring(t.lastIndexOf(decimal) + 1);
        if (fraction.contains(".") || fraction.contains(",")) {
            return null;
        }
        String[] groups = integer.split("[.,]", -1);
        for (int i = 1; i < groups.length; i++) {
            if (groups[i].length() != 3) {
                return null;
            }
        }
        if (groups[0].isEmpty()) {
            return null;
        }
        return new BigDecimal(String.join("", groups) + (fraction.isEmpty() ? "" : "." + fraction));
    }
}
