package dev.weft.engine.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems while a flow is bound and validated, placing each one with a {@link Locator}. */
final class Problems {
    private static final Comparator<Problem> BY_POSITION = Comparator
            .comparingInt((Problem p) -> p.location().line())
            .thenComparingInt(p -> p.location().column());

    private final Locator locator;
    private final List<Problem> list = new ArrayList<>();

    Problems(Locator locator) {
        this.locator = locator;
    }

    Locator locator() {
        return locator;
    }

    /** A problem with the value at {@code pointer}. */
    void at(String pointer, String message) {
        list.add(new Problem(locator.at(pointer), pointer, message));
    }

    /** A problem with a member's name, such as an unknown field. */
    void atKey(String pointer, String message) {
        list.add(new Problem(locator.key(pointer), pointer, message));
    }

    /** A problem inside a string, such as an expression that does not parse. */
    void inString(String pointer, int offset, String message) {
        list.add(new Problem(locator.inString(pointer, offset), pointer, message));
    }

    /** A required member is absent: the path names it, the location is the object that lacks it. */
    void missing(String objectPointer, String field, String message) {
        list.add(new Problem(locator.at(objectPointer), Pointers.child(objectPointer, field), message));
    }

    void add(Problem problem) {
        list.add(problem);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** In the order of the file, so that editors and terminals list them top to bottom. */
    List<Problem> sorted() {
        return list.stream().sorted(BY_POSITION).toList();
    }
}
