package dev.weft.connector.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AmountsTest {
    private static final Hints GERMAN = new Hints(null, true, "DMY");
    private static final Hints ENGLISH = new Hints(null, false, "MDY");

    @Test
    void readsThousandSeparatorsAndDecimalMarksAsInvoicesWriteThem() {
        assertThat(value("1,234.56", Hints.NONE)).isEqualTo("1234.56");
        assertThat(value("1.234,56 €", Hints.NONE)).isEqualTo("1234.56");
        assertThat(value("1 234,56", Hints.NONE)).isEqualTo("1234.56");
        assertThat(value("CHF 1'234.50", Hints.NONE)).isEqualTo("1234.50");
        assertThat(value("$99", Hints.NONE)).isEqualTo("99");
        assertThat(value("12,5", Hints.NONE)).isEqualTo("12.5");
        assertThat(value("1,234,567.00", Hints.NONE)).isEqualTo("1234567.00");
    }

    @Test
    void aSingleMarkBeforeThreeDigitsGroupsThousandsUnlessTheLocaleMakesItTheDecimalMark() {
        assertThat(value("1,234", Hints.NONE)).isEqualTo("1234");
        assertThat(value("1.234", Hints.NONE)).isEqualTo("1234");
        assertThat(value("1,234", GERMAN)).isEqualTo("1.234");
        assertThat(value("1.234", ENGLISH)).isEqualTo("1.234");
    }

    @Test
    void takesTheLastAmountAndSkipsPercentages() {
        assertThat(value("VAT 20%: 12.00", Hints.NONE)).isEqualTo("12.00");
        assertThat(value("MwSt. 19 %: 771,88 €", Hints.NONE)).isEqualTo("771.88");
        assertThat(Amounts.last("20%", Hints.NONE)).isEmpty();
    }

    @Test
    void readsNegativeAmountsWithASignOrParentheses() {
        assertThat(value("Discount -15.00", Hints.NONE)).isEqualTo("-15.00");
        assertThat(value("(15.00)", Hints.NONE)).isEqualTo("-15.00");
    }

    @Test
    void refusesNumbersWhoseGroupsAreNotThrees() {
        assertThat(Amounts.number("1,23,45", Hints.NONE)).isNull();
        assertThat(Amounts.number("12.3456", Hints.NONE)).isNull();
    }

    @Test
    void namesTheCurrencyWrittenByCodeOrSymbol() {
        assertThat(Amounts.currency("Total: 99.00 EUR")).isEqualTo("EUR");
        assertThat(Amounts.currency("£1,764.00")).isEqualTo("GBP");
        assertThat(Amounts.currency("4.834,38 €")).isEqualTo("EUR");
        assertThat(Amounts.currency("1,595.00")).isNull();
    }

    private static String value(String text, Hints hints) {
        return Amounts.last(text, hints).orElseThrow().value().toPlainString();
    }
}
