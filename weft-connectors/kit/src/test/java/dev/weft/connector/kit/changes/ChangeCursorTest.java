package dev.weft.connector.kit.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which records of a page are new, and where the next poll starts, whatever the page holds. */
class ChangeCursorTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectNode INVOICES = NODES.objectNode().put("resource", "invoices");
    private static final CursorFormat PAGES = CursorFormat.of("acme.changed", MarkOrder.NUMBER)
            .withPageNumber("page", 0);

    private static Change at(String id, long mark) {
        return new Change(id, NODES.numberNode(mark), NODES.objectNode().put("id", id));
    }

    private static List<String> ids(ChangeCursor.Step step) {
        return step.taken().stream().map(Change::id).toList();
    }

    @Test
    void recordsSharingAMarkAcrossPagesAreTakenOnceAndPagingRestartsWhenTheMarkMoves() {
        ChangeCursor start = PAGES.start(INVOICES, NODES.numberNode(100));
        ChangeCursor.Step first = start.take(List.of(at("1", 100), at("2", 100)), true);
        assertThat(ids(first)).containsExactly("1", "2");
        assertThat(first.next().toJson()).hasToString(
                "{\"resource\":\"invoices\",\"since\":100,\"seen\":[\"1\",\"2\"],\"page\":1}");

        ChangeCursor.Step second = first.next().take(List.of(at("3", 100), at("4", 100)), true);
        assertThat(ids(second)).containsExactly("3", "4");
        assertThat(second.next().pagingNumber()).as("the whole page at the mark again: read on").isEqualTo(2);
        assertThat(second.next().seen()).containsExactly("1", "2", "3", "4");

        ChangeCursor.Step third = second.next().take(List.of(at("5", 100), at("6", 101)), false);
        assertThat(ids(third)).containsExactly("5", "6");
        assertThat(third.next().toJson()).as("the mark moved: the ids at 101 only, paging from the start")
                .hasToString("{\"resource\":\"invoices\",\"since\":101,\"seen\":[\"6\"],\"page\":0}");

        ChangeCursor.Step again = third.next().take(List.of(at("6", 101)), false);
        assertThat(again.taken()).as("read again from the mark: nothing new").isEmpty();
        assertThat(again.next()).isEqualTo(third.next());
    }

    @Test
    void aFullPageThatMovesTheMarkRestartsPagingAtTheNewMark() {
        ChangeCursor.Step step = PAGES.start(INVOICES, NODES.numberNode(100))
                .take(List.of(at("1", 100), at("2", 105)), true);
        assertThat(step.next().pagingNumber()).isZero();
        assertThat(step.next().mark().longValue()).isEqualTo(105);
        assertThat(step.next().seen()).containsExactly("2");
    }

    @Test
    void anOffsetSkipsTheRecordsReadAtTheMark() {
        CursorFormat offsets = CursorFormat.of("acme.changed", MarkOrder.TEXT).withOffset("start");
        ChangeCursor c = offsets.start(INVOICES, NODES.textNode("2026-12-06 10:00:00"));
        Change a = new Change("A", NODES.textNode("2026-12-06 10:00:00"), NODES.objectNode());
        Change b = new Change("B", NODES.textNode("2026-12-06 10:00:00"), NODES.objectNode());
        Change d = new Change("D", NODES.textNode("2026-12-06 10:00:00"), NODES.objectNode());
        ChangeCursor.Step first = c.take(List.of(a, b, d), true);
        assertThat(first.next().pagingNumber()).isEqualTo(3);
        ChangeCursor.Step second = first.next().take(List.of(a), true);
        assertThat(second.taken()).as("shifted back onto one already taken").isEmpty();
        assertThat(second.next().pagingNumber()).isEqualTo(4);
        assertThat(second.next().take(List.of(), false).next().pagingNumber()).isZero();
    }

    @Test
    void aTokenIsKeptOnlyWhileTheMarkStaysUnlessTheTriggerFollowsIt() {
        CursorFormat after = CursorFormat.of("acme.changed", MarkOrder.NUMBER).withToken("after", true);
        ChangeCursor c = after.start(INVOICES, NODES.numberNode(100));
        assertThat(c.pagingToken()).isNull();
        assertThat(c.toJson().get("after").isNull()).as("written as null").isTrue();
        assertThat(c.take(List.of(at("1", 100)), "2").next().pagingToken()).isEqualTo("2");
        assertThat(c.take(List.of(at("1", 101)), "2").next().pagingToken()).isNull();
        assertThat(c.take(List.of(at("1", 100)), (String) null).next().pagingToken()).isNull();

        CursorFormat next = CursorFormat.of("acme.changed", MarkOrder.TIME).withToken("next", false);
        ChangeCursor n = next.start(INVOICES, NODES.textNode("2026-12-06T10:00:00Z"));
        Change later = new Change("x", NODES.textNode("2026-12-06T10:05:00Z"), NODES.objectNode());
        ChangeCursor followed = n.follow(List.of(later), "https://acme.test/next?p=2").next();
        assertThat(followed.pagingToken()).isEqualTo("https://acme.test/next?p=2");
        assertThat(followed.follow(List.of(), null).next().toJson().has("next")).as("left out").isFalse();
    }

    @Test
    void aRecordBeforeTheMarkIsNotTakenAndOneOutOfOrderIsTakenWithoutMovingTheMarkBack() {
        ChangeCursor c = PAGES.start(INVOICES, NODES.numberNode(100)).take(List.of(at("a", 100)), false)
                .next();
        ChangeCursor.Step step = c.take(List.of(at("z", 90), at("a", 100), at("b", 100)), false);
        assertThat(ids(step)).as("z went backwards, a was taken").containsExactly("b");

        ChangeCursor.Step unordered = c.take(List.of(at("c", 105), at("d", 103)), false);
        assertThat(ids(unordered)).containsExactly("c", "d");
        assertThat(unordered.next().mark().longValue()).isEqualTo(105);
        assertThat(unordered.next().seen()).containsExactly("c");
    }

    @Test
    void theSameRecordTwiceInOnePageIsTakenOnce() {
        ChangeCursor.Step step = PAGES.start(INVOICES, NODES.numberNode(100))
                .take(List.of(at("1", 101), at("1", 101), at("2", 101)), false);
        assertThat(ids(step)).containsExactly("1", "2");
    }

    @Test
    void anEmptyPageLeavesTheMarkAndTheIdsAndRestartsPaging() {
        ChangeCursor mid = PAGES.start(INVOICES, NODES.numberNode(100))
                .take(List.of(at("1", 100), at("2", 100)), true).next();
        assertThat(mid.pagingNumber()).isEqualTo(1);
        ChangeCursor.Step empty = mid.take(List.of(), false);
        assertThat(empty.taken()).isEmpty();
        assertThat(empty.overflowed()).isFalse();
        assertThat(empty.next().mark()).isEqualTo(mid.mark());
        assertThat(empty.next().seen()).containsExactly("1", "2");
        assertThat(empty.next().pagingNumber()).isZero();
    }

    @Test
    void pastTheBoundTheEarliestIdsAtTheMarkAreDroppedAndTheStepSaysSo() {
        CursorFormat three = PAGES.withSeenLimit(3);
        ChangeCursor c = three.start(INVOICES, NODES.numberNode(100));
        ChangeCursor.Step step = c.take(List.of(at("1", 100), at("2", 100), at("3", 100)), true);
        assertThat(step.overflowed()).as("at the bound, not past it").isFalse();
        ChangeCursor.Step past = step.next().take(List.of(at("4", 100), at("5", 100)), true);
        assertThat(ids(past)).containsExactly("4", "5");
        assertThat(past.overflowed()).isTrue();
        assertThat(past.next().seen()).as("the latest taken kept").containsExactly("3", "4", "5");
        assertThat(past.next().pagingNumber()).as("paging at the mark goes on").isEqualTo(2);
        // Read from the mark's first page again, the dropped ones are offered again (same event ids).
        assertThat(ids(past.next().take(List.of(at("1", 100), at("5", 100)), false))).containsExactly("1");
        assertThat(ids(past.next().take(List.of(at("6", 101)), false))).containsExactly("6");
    }

    @Test
    void timesAreComparedAsInstantsAndKeptAsWritten() {
        CursorFormat times = CursorFormat.of("acme.changed", MarkOrder.TIME).withOffset("offset");
        ChangeCursor c = times.start(INVOICES, NODES.textNode("2026-12-06T10:00:00+00:00"));
        Change same = new Change("1", NODES.textNode("2026-12-06T11:00:00.000+01:00"), NODES.objectNode());
        Change later = new Change("2", NODES.textNode("2026-12-06T10:00:00.500Z"), NODES.objectNode());
        ChangeCursor.Step step = c.take(List.of(same, later), false);
        assertThat(ids(step)).containsExactly("1", "2");
        assertThat(step.next().mark().asText()).isEqualTo("2026-12-06T10:00:00.500Z");
        assertThat(c.take(List.of(same), true).next().mark().asText()).as("one instant, one mark")
                .isEqualTo("2026-12-06T10:00:00+00:00");
        assertThatThrownBy(() -> c.take(List.of(new Change("3", NODES.textNode("yesterday"), NODES
                .objectNode())), false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void numbersCompareByValueWhateverTheirJsonType() {
        assertThat(MarkOrder.NUMBER.compare(NODES.numberNode(1796551200000L), NODES.numberNode(1796551200)))
                .isPositive();
        assertThat(MarkOrder.NUMBER.compare(NODES.numberNode(1.5), NODES.numberNode(1))).isPositive();
        assertThat(MarkOrder.NUMBER.compare(NODES.numberNode(7), NODES.numberNode(7L))).isZero();
        assertThat(MarkOrder.TEXT.compare(NODES.textNode("2026-12-06 10:00:00.5"),
                NODES.textNode("2026-12-06 10:00:00"))).isPositive();
    }

    @Test
    void restartingAtAnotherMarkForgetsTheIdsAndThePaging() {
        ChangeCursor mid = PAGES.start(INVOICES, NODES.numberNode(100))
                .take(List.of(at("1", 100), at("2", 100)), true).next();
        ChangeCursor past = mid.restartAt(NODES.numberNode(101));
        assertThat(past.toJson())
                .hasToString("{\"resource\":\"invoices\",\"since\":101,\"seen\":[],\"page\":0}");
    }

    @Test
    void aWholeBacklogDrainsInOrderWithoutLossOrRepeat() {
        // Fifty records, ten sharing each mark, read two at a time by page number.
        List<Change> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(at(Integer.toString(i), 100 + i / 10));
        }
        ChangeCursor c = PAGES.start(INVOICES, NODES.numberNode(100));
        List<String> taken = new ArrayList<>();
        for (int poll = 0; poll < 200; poll++) {
            long from = c.mark().longValue();
            List<Change> atOrAfter = all.stream().filter(r -> r.mark().longValue() >= from).toList();
            int offset = c.pagingNumber() * 2;
            List<Change> page = atOrAfter.subList(Math.min(offset, atOrAfter.size()),
                    Math.min(offset + 2, atOrAfter.size()));
            ChangeCursor.Step step = c.take(page, page.size() == 2);
            step.taken().forEach(r -> taken.add(r.id()));
            c = step.next();
        }
        assertThat(taken).hasSize(50).doesNotHaveDuplicates();
        assertThat(taken).isEqualTo(all.stream().map(Change::id).toList());
    }
}
