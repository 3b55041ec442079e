import { useEffect, useRef } from "react";

export const STREAM = "/api/v1/events/stream";

// The types the server may name in an SSE "event:" field; unnamed messages arrive as "message".
const TYPES = [
  "message",
  "execution.started",
  "execution.succeeded",
  "execution.failed",
  "execution.cancelled",
  "execution.waiting",
  "step.failed",
];

export interface FeedEvent {
  id?: string;
  type?: string;
  executionId?: string;
  payload?: { executionId?: string; status?: string } | null;
}

/** The execution a feed event is about, if any. */
export function executionOf(event: FeedEvent): string | undefined {
  return event.executionId ?? event.payload?.executionId ?? undefined;
}

/**
 * Follows the tenant's event feed (Server-Sent Events) while enabled and calls back with each event.
 * EventSource reconnects by itself, sending Last-Event-ID so the feed resumes where it stopped.
 */
export function useEventFeed(enabled: boolean, onEvent: (event: FeedEvent) => void): void {
  const callback = useRef(onEvent);
  callback.current = onEvent;

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const source = new EventSource(STREAM);
    const listener = (m: MessageEvent) => {
      try {
        callback.current(JSON.parse(m.data) as FeedEvent);
      } catch {
        // A comment or keep-alive that is not JSON: nothing to refresh.
      }
    };
    TYPES.forEach((t) => source.addEventListener(t, listener as EventListener));
    return () => source.close();
  }, [enabled]);
}
