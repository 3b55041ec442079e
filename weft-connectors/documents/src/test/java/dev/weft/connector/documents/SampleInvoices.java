package dev.weft.connector.documents;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tests' invoices, each in another layout, with the values they state. */
final class SampleInvoices {
    private static final float[] RULED = {50, 300, 360, 450, 545};

    private SampleInvoices() {
    }

    /**
     * Labels beside their values ("Invoice No: ..."), ISO dates, dollars with thousand separators, the
     * supplier as the page's first block (no label), a ruled table of three lines.
     */
    static byte[] besideLabelsInDollars() {
        return new PdfBuilder().page()
                .text(50, 60, 16, "ACME Tools Ltd").text(400, 60, 20, "INVOICE")
                .text(50, 80, "12 Harbour Road").text(350, 80, "Invoice No: INV-2026-001")
                .text(50, 94, "Bristol BS1 4QA").text(350, 94, "Invoice Date: 2026-03-14")
                .text(50, 108, "VAT No: GB123456789").text(350, 108, "Due Date: 2026-04-13")
                .text(50, 150, "Bill to:")
                .text(50, 164, "Northwind Traders")
                .text(50, 178, "4 Market Street")
                .text(50, 192, "Leeds LS1 6DT")
                .grid(230, RULED, 20,
                        new String[]{"Description", "Qty", "Unit Price", "Amount"},
                        new String[]{"Widget A", "2", "50.00", "100.00"},
                        new String[]{"Gadget B", "1", "1,250.00", "1,250.00"},
                        new String[]{"Support hours", "4", "25.00", "100.00"})
                .text(360, 340, "Subtotal: $1,450.00")
                .text(360, 354, "Tax (10%): $145.00")
                .text(360, 368, "Total: $1,595.00")
                .bytes();
    }

    /**
     * Labels above their values in a row of columns, a month-name date and a US numeric one, pounds, labelled
     * supplier and customer blocks side by side, and a table without rules (read by column alignment).
     */
    static byte[] belowLabelsInPounds() {
        PdfBuilder pdf = new PdfBuilder().page()
                .text(50, 60, 20, "Invoice")
                .text(50, 90, "From").text(300, 90, "Invoice to")
                .text(50, 104, "Blue Finch Design").text(300, 104, "Harper & Lane LLP")
                .text(50, 118, "7 Orchard Lane").text(300, 118, "90 Queen Street")
                .text(50, 132, "Oxford OX1 2AB").text(300, 132, "Edinburgh EH2 4NA")
                .text(50, 146, "Tax ID: 987-654-321")
                .text(50, 180, "Invoice Number").text(200, 180, "Issue Date").text(350, 180, "Payment Due")
                .text(50, 194, "BF-0815").text(200, 194, "March 14, 2026").text(350, 194, "04/13/2026")
                .text(50, 240, "Item").text(300, 240, "Hours").text(370, 240, "Rate")
                .right(545, 240, "Amount");
        String[][] rows = {{"Logo design", "10", "£45.00", "£450.00"},
                {"Brand guidelines", "12", "£45.00", "£540.00"},
                {"Website mock-ups", "8", "£60.00", "£480.00"}};
        for (int r = 0; r < rows.length; r++) {
            float top = 260 + r * 16;
            pdf.text(50, top, rows[r][0]).text(300, top, rows[r][1]).text(370, top, rows[r][2])
                    .right(545, top, rows[r][3]);
        }
        return pdf.text(370, 330, "Subtotal").right(545, 330, "£1,470.00")
                .text(370, 344, "VAT 20%").right(545, 344, "£294.00")
                .text(370, 358, "Total due").right(545, 358, "£1,764.00")
                .bytes();
    }

    /**
     * German labels, dotted dates, euros with decimal commas, and 25 lines in a ruled table over two pages
     * (its header repeated on the second), the totals after it.
     */
    static byte[] twoPagesInEuros() {
        float[] xs = {50, 80, 300, 360, 450, 545};
        String[] header = {"Pos.", "Beschreibung", "Menge", "Einzelpreis", "Betrag"};
        PdfBuilder pdf = new PdfBuilder().page()
                .text(50, 60, 16, "Muster GmbH").text(400, 60, 20, "RECHNUNG")
                .text(50, 80, "Hauptstraße 1").text(330, 80, "Rechnungsnummer: RE-2026-0042")
                .text(50, 94, "10115 Berlin").text(330, 94, "Rechnungsdatum: 14.03.2026")
                .text(50, 108, "USt-IdNr.: DE123456789").text(330, 108, "Fällig am: 13.04.2026")
                .text(50, 150, "Rechnungsempfänger:")
                .text(50, 164, "Beispiel AG")
                .text(50, 178, "Ringstraße 5")
                .text(50, 192, "80331 München");
        pdf.grid(230, xs, 20, rows(header, 1, 15));
        pdf.page().grid(60, xs, 20, rows(header, 16, 25));
        return pdf.text(330, 300, "Zwischensumme: 4.062,50 €")
                .text(330, 314, "MwSt. 19 %: 771,88 €")
                .text(330, 328, "Gesamtbetrag: 4.834,38 €")
                .bytes();
    }

    /** The line items of {@link #twoPagesInEuros()}: item i is i hours at 12.50. */
    static List<BigDecimal> euroAmounts() {
        List<BigDecimal> amounts = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            amounts.add(new BigDecimal("12.50").multiply(BigDecimal.valueOf(i)));
        }
        return amounts;
    }

    private static String[][] rows(String[] header, int from, int to) {
        DecimalFormat german = new DecimalFormat("#,##0.00",
                DecimalFormatSymbols.getInstance(Locale.GERMANY));
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (int i = from; i <= to; i++) {
            BigDecimal amount = new BigDecimal("12.50").multiply(BigDecimal.valueOf(i));
            rows.add(new String[]{String.valueOf(i), "Beratung Modul " + i, String.valueOf(i), "12,50",
                    german.format(amount)});
        }
        return rows.toArray(String[][]::new);
    }

    /** Only a number and a total: the rest is for a model. */
    static byte[] sparse() {
        return new PdfBuilder().page()
                .text(50, 60, 20, "INVOICE")
                .text(50, 100, "Invoice No: M-77")
                .text(50, 130, "Kite Labs thanks Oak & Co for the order of May 1st.")
                .text(50, 160, "Total: 99.00 EUR")
                .bytes();
    }
}
