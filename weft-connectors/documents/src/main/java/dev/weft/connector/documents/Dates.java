package dev.weft.connector.documents;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads dates as invoices print them: ISO ({@code 2026-03-14}), numeric with day, month and year in the
 * order the numbers or the hints tell ({@code 14/03/2026}, {@code 03/14/2026}, {@code 14.03.2026}), and
 * with month names in English or German ({@code 14 March 2026}, {@code Mar 14, 2026},
 * {@code 14. März 2026}). Stateless.
 */
final class Dates {
    private static final String MONTH_NAME = "([A-Za-zä]{3,9})\\.?";
    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})\\b");
    private static final Pattern NUMERIC = Pattern
            .compile("\\b(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{2})\\b");
    private static final Pattern DAY_MONTH = Pattern.compile(
            "\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?[ -]+" + MONTH_NAME + ",?[ -]+(\\d{4})\\b");
    private static final Pattern MONTH_DAY = Pattern.compile(
            "\\b" + MONTH_NAME + " +(\\d{1,2})(?:st|nd|rd|th)?,? +(\\d{4})\\b");
    private static final Map<String, Integer> MONTHS = months();

    /** A date, and whether its day and month could have been the other way round. */
    record Found(LocalDate date, boolean ambiguous) {
    }

    private Dates() {
    }

    /** The first date in {@code text}, or empty. */
    static Optional<Found> first(String text, Hints hints) {
        Matcher m = ISO.matcher(text);
        if (m.find()) {
            return date(m.group(1), m.group(2), m.group(3)).map(d -> new Found(d, false));
        }
        m = DAY_MONTH.matcher(text);
        if (m.find() && MONTHS.containsKey(key(m.group(2)))) {
            return date(m.group(3), String.valueOf(MONTHS.get(key(m.group(2)))), m.group(1))
                    .map(d -> new Found(d, false));
        }
        m = MONTH_DAY.matcher(text);
        if (m.find() && MONTHS.containsKey(key(m.group(1)))) {
            return date(m.group(3), String.valueOf(MONTHS.get(key(m.group(1)))), m.group(2))
                    .map(d -> new Found(d, false));
        }
        m = NUMERIC.matcher(text);
        if (m.find()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(3));
            String year = m.group(4).length() == 2 ? "20" + m.group(4) : m.group(4);
            boolean monthFirst;
            boolean ambiguous = false;
            if (a > 12) {
                monthFirst = false;
            } else if (b > 12) {
                monthFirst = true;
            } else if (hints.dateOrder() != null) {
                monthFirst = hints.dateOrder().equals("MDY");
            } else {
                // Dotted dates are day first wherever they are written; slashes are a guess.
                monthFirst = false;
                ambiguous = a != b && !m.group(2).equals(".");
            }
            boolean ambiguousDate = ambiguous;
            return (monthFirst ? date(year, m.group(1), m.group(3)) : date(year, m.group(3), m.group(1)))
                    .map(d -> new Found(d, ambiguousDate));
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> date(String year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(
                    day)));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.length() > 3 && !lower.startsWith("mär")
                ? lower
                : lower.substring(0, Math.min(3, lower
                        .length()));
    }

    private static Map<String, Integer> months() {
        Map<String, Integer> m = new java.util.HashMap<>();
        String[][] names = {{"january", "januar", "jan"}, {"february", "februar", "feb"},
                {"march", "märz", "mar", "mär", "mrz"}, {"april", "apr"}, {"may", "mai"},
                {"june", "juni", "jun"}, {"july", "juli", "jul"}, {"august", "aug"},
                {"september", "sept", "sep"}, {"october", "oktober", "oct", "okt"}, {"november", "nov"},
                {"december", "dezember", "dec", "dez"}};
        for (int i = 0; i < names.length; i++) {
            for (String name : names[i]) {
                m.put(name, i + 1);
            }
        }
        return Map.copyOf(m);
    }
}
