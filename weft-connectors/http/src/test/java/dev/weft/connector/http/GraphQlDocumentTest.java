package dev.weft.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.http.GraphQlDocument.Operation;
import org.junit.jupiter.api.Test;

class GraphQlDocumentTest {

    @Test
    void aSelectionSetAloneIsAnAnonymousQuery() {
        assertThat(GraphQlDocument.operations("{ viewer { login } }"))
                .containsExactly(new Operation("query", null));
    }

    @Test
    void namedAndAnonymousOperationsAreFoundWithTheirTypes() {
        assertThat(GraphQlDocument.operations("""
                query Customer($id: ID = "x") { customer(id: $id) { id } }
                mutation ($input: In = {a: {b: 1}}) { create(input: $input) { id } }
                subscription Ticks @live { ticks }
                """)).containsExactly(new Operation("query", "Customer"), new Operation("mutation", null),
                new Operation("subscription", "Ticks"));
    }

    @Test
    void commentsStringsAndFragmentsAreSkipped() {
        assertThat(GraphQlDocument.operations("""
                # mutation Evil { drop }
                fragment Fields on Customer { id name }
                query Q { search(text: "mutation { x }", note: \"""
                  a block string with mutation { y } and \\\""" inside
                \""") { ...Fields } }
                """)).containsExactly(new Operation("query", "Q"));
    }

    @Test
    void anOperationKeywordUsedAsAFieldOrNameIsNotAnOperation() {
        assertThat(GraphQlDocument.operations("query query { mutation { id } }"))
                .containsExactly(new Operation("query", "query"));
    }

    @Test
    void aDocumentWithoutOperationsHasNone() {
        assertThat(GraphQlDocument.operations("  # nothing but a comment\n")).isEmpty();
        assertThat(GraphQlDocument.operations("fragment F on T { a }")).isEmpty();
    }
}
