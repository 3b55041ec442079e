package dev.weft.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.expr.ExpressionException;
import org.junit.jupiter.api.Test;

class PayloadFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void testsThePayloadsFieldsByName() throws Exception {
        PayloadFilter f = PayloadFilter.compile("amount > 1000 and currency = \"EUR\"");
        assertThat(f.test(JSON.readTree("{\"amount\": 1500, \"currency\": \"EUR\"}"))).isTrue();
        assertThat(f.test(JSON.readTree("{\"amount\": 500, \"currency\": \"EUR\"}"))).isFalse();
        assertThat(f.test(JSON.readTree("{}"))).isFalse();
    }

    @Test
    void reportsWhereAnExpressionIsBrokenInItsOwnText() {
        assertThatThrownBy(() -> PayloadFilter.compile("amount >")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> PayloadFilter.compile("{{ amount > 1 }}"))
                .hasMessageContaining("without {{ }}");
    }
}
