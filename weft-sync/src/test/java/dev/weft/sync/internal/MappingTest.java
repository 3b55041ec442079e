package dev.weft.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.expr.ExpressionException;
import org.junit.jupiter.api.Test;

class MappingTest {

    @Test
    void copiesPlainFieldsAndEvaluatesExpressions() throws ExpressionException {
        Mapping m = Mapping.of(Json
                .read("""
                        {"id": "{{ id }}", "name": "{{ first & ' ' & last }}", "country": "DE", "missing": "{{ nope }}"}
                        """));

        assertThat(m.fields()).containsExactly("id", "name", "country", "missing");
        assertThat(m.apply(Json.read("{\"id\": 3, \"first\": \"Ada\", \"last\": \"Lovelace\"}")))
                .isEqualTo(Json.read(
                        "{\"id\": 3, \"name\": \"Ada Lovelace\", \"country\": \"DE\", \"missing\": null}"));
    }

    @Test
    void projectsARecordOntoTheFieldsItWrites() {
        Mapping m = Mapping.of(Json.read("{\"id\": \"{{ id }}\", \"name\": \"{{ n }}\"}"));

        assertThat(m.project(Json.read("{\"id\": 1, \"name\": \"x\", \"other\": 2}")))
                .isEqualTo(Json.read("{\"id\": 1, \"name\": \"x\"}"));
    }

    @Test
    void anExpressionThatFailsNamesItsField() {
        Mapping m = Mapping.of(Json.read("{\"total\": \"{{ $number(amount) }}\"}"));

        assertThatThrownBy(() -> m.apply(Json.read("{\"amount\": \"lots\"}")))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.path()).isEqualTo("/total"));
    }
}
