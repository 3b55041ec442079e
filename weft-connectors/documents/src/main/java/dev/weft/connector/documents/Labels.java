package dev.weft.connector.documents;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels invoices print before or above their values, in English and German, and what each labels.
 * Order matters: the first label that a text starts with wins, so "Tax ID" is a tax id and not a tax
 * amount, "Subtotal" not a total, "Invoice date" a date and not an invoice number. Stateless.
 */
final class Labels {
    enum Kind {
        TAX_ID, OTHER, NUMBER, DUE_DATE, ISSUE_DATE, SUBTOTAL, TAX, TOTAL, CUSTOMER, SUPPLIER, CURRENCY
    }

    /**
     * A label.
     *
     * @param below whether its value may stand on the line below it (a bare "Invoice" title may not)
     */
    record Label(Kind kind, Pattern pattern, boolean below) {
    }

    /** A label at the start of a text, and the text after it (separators stripped). */
    record Match(Label label, String rest) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final List<Label> LABELS = List.of(
            label(Kind.TAX_ID,
                    "(?:vat|tax|gst)\\s*(?:reg(?:istration)?\\.?\\s*)?(?:id|no\\.?|number|nr\\.?|#)"
                            + "|tin|ein|abn|ust\\.?\\s*-?\\s*id\\s*-?\\s*(?:nr\\.?)?|steuer\\s*-?\\s*(?:nr\\.?|nummer)"),
            label(Kind.OTHER, "(?:customer|client|kunden)\\s*-?\\s*(?:no\\.?|number|id|nr\\.?|#|nummer)"
                    + "|order\\s*(?:no\\.?|number|#|date)|p\\.?o\\.?\\s*(?:no\\.?|number|#)|page|seite"
                    + "|delivery\\s*date|lieferdatum|iban|bic|swift|phone|tel\\.?|e-?mail|fax"),
            label(Kind.NUMBER, "invoice\\s*(?:no\\.?|nr\\.?|number|num\\.?|#|id)|inv\\.?\\s*(?:no\\.?|#)"
                    + "|rechnungs?\\s*-?\\s*(?:nr\\.?|nummer)|bill\\s*(?:no\\.?|#)"),
            label(Kind.DUE_DATE, "due\\s*date|payment\\s*due(?:\\s*date)?|due(?:\\s*on)?|pay(?:able)?\\s*by"
                    + "|f[äa]llig(?:keitsdatum|\\s*am)?|zahlbar\\s*bis"),
            label(Kind.ISSUE_DATE, "invoice\\s*date|date\\s*of\\s*issue|issue\\s*date|issued(?:\\s*on)?"
                    + "|rechnungsdatum|date|datum"),
            label(Kind.SUBTOTAL,
                    "sub\\s*-?\\s*total|net\\s*(?:total|amount)|total\\s*(?:net|excl\\.?(?:uding)?"
                            + "\\s*(?:vat|tax)|before\\s*tax)|zwischensumme|nettobetrag|summe\\s*netto|netto(?:summe)?"),
            label(Kind.TAX, "total\\s*(?:vat|tax)|(?:sales\\s*)?tax(?:\\s*amount)?|vat(?:\\s*amount)?|gst"
                    + "|mwst\\.?|ust\\.?|umsatzsteuer|tva"),
            label(Kind.TOTAL,
                    "grand\\s*total|total(?:\\s*(?:due|amount|payable|incl\\.?(?:uding)?\\s*(?:vat|tax)))?"
                            + "|amount\\s*(?:due|payable)|balance\\s*due|gesamt(?:betrag|summe)?|rechnungsbetrag"
                            + "|summe\\s*brutto|brutto(?:betrag)?|summe"),
            label(Kind.CUSTOMER, "bill(?:ed)?\\s*to|invoice\\s*to|sold\\s*to|customer|client"
                    + "|rechnungsempf[äa]nger|kunde|to\\s*:"),
            label(Kind.SUPPLIER, "from|supplier|seller|vendor|issued\\s*by|lieferant|verk[äa]ufer"),
            label(Kind.CURRENCY, "currency|w[äa]hrung"),
            new Label(Kind.NUMBER, Pattern.compile("(?:tax\\s*)?invoice|rechnung|bill", FLAGS), false));

    private static final Pattern SEPARATORS = Pattern.compile("^[\\s:#.\\-–]*(?=\\S|$)");
    private static final Pattern TITLE = Pattern.compile(
            "^(?:tax\\s*)?(?:invoice|rechnung|facture|bill|receipt|quittung)\\b", FLAGS);

    private Labels() {
    }

    private static Label label(Kind kind, String regex) {
        return new Label(kind, Pattern.compile(regex, FLAGS), true);
    }

    /** The label {@code text} starts with, or null. */
    static Match at(String text) {
        String t = text.strip();
        for (Label label : LABELS) {
            Matcher m = label.pattern().matcher(t);
            if (m.lookingAt() && (m.end() == t.length() || !Character.isLetterOrDigit(t.charAt(m.end()))
                    || label.pattern().pattern().endsWith(":"))) {
                String rest = t.substring(m.end());
                Matcher sep = SEPARATORS.matcher(rest);
                return new Match(label, sep.lookingAt() ? rest.substring(sep.end()).strip() : rest.strip());
            }
        }
        return null;
    }

    /** Whether {@code text} is a document's title ("INVOICE", "Tax invoice", "Rechnung"). */
    static boolean isTitle(String text) {
        return TITLE.matcher(text.strip()).find();
    }
}
