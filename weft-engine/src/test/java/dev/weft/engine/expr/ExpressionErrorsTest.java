package dev.weft.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An expression's failure is told in the terms of the flow's values, never Java's classes. */
class ExpressionErrorsTest {

    @Test
    void aSignatureErrorHasNoTemplateLeftInIt() {
        assertThatThrownBy(() -> TemplateTest.eval("{{ $join([1, 2], ',') }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("must be an array of the type the function takes")
                .hasMessageNotContaining("{{");
    }

    @Test
    void javaExceptionsAreTranslated() {
        assertThat(Sandbox.inFlowTerms(new ClassCastException(
                "class java.util.LinkedHashMap cannot be cast to class java.util.List (java.util.LinkedHashMap"
                        + " and java.util.List are in module java.base of loader 'bootstrap')")))
                .isEqualTo("a value is an object where an array is expected");
        assertThat(Sandbox.inFlowTerms(new NullPointerException())).isEqualTo("a value it needs is missing"
                + " (null or absent)");
        assertThat(Sandbox.inFlowTerms(new IllegalStateException())).isEqualTo("it could not be evaluated"
                + " (illegal state)");
    }
}
