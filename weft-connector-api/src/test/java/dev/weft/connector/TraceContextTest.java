package dev.weft.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceContextTest {

    @Test
    void anExecutionsTraceIdIsItsIdAndEverySpanIsNew() {
        TraceContext t = TraceContext.forExecution("0193A5A0-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
        assertThat(t.traceId()).isEqualTo("0193a5a07a2b7c3d8e4f5a6b7c8d9e0f");
        assertThat(t.traceparent()).matches("00-0193a5a07a2b7c3d8e4f5a6b7c8d9e0f-[0-9a-f]{16}-01");
        TraceContext next = t.nextSpan();
        assertThat(next.traceId()).isEqualTo(t.traceId());
        assertThat(next.spanId()).isNotEqualTo(t.spanId());
        assertThat(TraceContext.forExecution("not-a-uuid").traceId()).matches("[0-9a-f]{32}");
    }

    @Test
    void aCallersTraceparentIsContinuedAndAMalformedOneIgnored() {
        assertThat(TraceContext.continuing("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .hasValueSatisfying(t -> {
                    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                    assertThat(t.spanId()).isNotEqualTo("00f067aa0ba902b7");
                });
        // A later version may add fields; version 00 may not.
        assertThat(TraceContext.continuing("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
                .isPresent();
        assertThat(TraceContext.continuing("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
                .isEmpty();
        assertThat(TraceContext.continuing("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(TraceContext.continuing("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(TraceContext.continuing("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(TraceContext.continuing(null)).isEmpty();
        assertThatThrownBy(() -> new TraceContext("abc", "0000000000000001"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
