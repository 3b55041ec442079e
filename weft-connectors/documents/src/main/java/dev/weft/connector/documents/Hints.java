package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.text.DecimalFormatSymbols;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * What the caller knows of an invoice's conventions ({@code hints}): its currency, and a locale or a date
 * order that settles ambiguous dates ({@code 03/04/2026}) and amounts ({@code 1.234}). Immutable.
 *
 * @param currency an ISO 4217 code, or null
 * @param decimalComma true when amounts write a decimal comma ({@code 1.234,56}), false for a point, null
 *     when not known
 * @param dateOrder {@code DMY}, {@code MDY} or {@code YMD} for numeric dates, or null when not known
 */
record Hints(String currency, Boolean decimalComma, String dateOrder) {
    static final Hints NONE = new Hints(null, null, null);
    private static final Set<String> ORDERS = Set.of("DMY", "MDY", "YMD");

    static Hints parse(Inputs in, JsonNode input) throws ConnectorException {
        JsonNode hints = input.get("hints");
        if (hints == null || hints.isNull()) {
            return NONE;
        }
        Inputs fields = new Inputs(in.what() + " hints", in.code());
        fields.requireObject(hints, Set.of("currency", "locale", "dateOrder"));
        String currency = fields.text(hints, "currency", null);
        if (currency != null) {
            currency = currency.strip().toUpperCase(Locale.ROOT);
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                throw fields.invalid("currency", "must be an ISO 4217 code such as \"EUR\", but was \""
                        + currency + "\"");
            }
        }
        Boolean decimalComma = null;
        String order = null;
        String tag = fields.text(hints, "locale", null);
        if (tag != null) {
            Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
            if (locale.getLanguage().isEmpty()) {
                throw fields.invalid("locale", "must be a language tag such as \"de-DE\" or \"en-US\", but"
                        + " was \"" + tag + "\"");
            }
            decimalComma = DecimalFormatSymbols.getInstance(locale).getDecimalSeparator() == ',';
            order = orderOf(locale);
        }
        String given = fields.text(hints, "dateOrder", null);
        if (given != null) {
            if (!ORDERS.contains(given.toUpperCase(Locale.ROOT))) {
                throw fields.invalid("dateOrder", "must be \"DMY\", \"MDY\" or \"YMD\", but was \"" + given
                        + "\"");
            }
            order = given.toUpperCase(Locale.ROOT);
        }
        return new Hints(currency, decimalComma, order);
    }

    /** The order of day, month and year in the locale's short date format. */
    private static String orderOf(Locale locale) {
        String pattern = DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.SHORT, null,
                IsoChronology.INSTANCE, locale);
        int d = pattern.indexOf('d');
        int m = pattern.indexOf('M');
        int y = pattern.indexOf('y');
        if (d < 0 || m < 0 || y < 0) {
            return null;
        }
        return y < m && m < d ? "YMD" : m < d ? "MDY" : "DMY";
    }
}
