import { useEffect, useRef, useState } from "react";

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
  payload?: { executionId?: string; status?: string; system?: string } | null;
}

/** The execution a feed event is about, if any. */
export function executionOf(event: FeedEvent): string | undefined {
  return event.executionId ?? event.payload?.executionId ?? undefined;
}

/** Whether the feed is followed: connected, reconnecting after the server closed it, or not followed. */
export type FeedState = "live" | "reconnecting" | "off";

const BACKOFF_MS = [2_000, 5_000, 10_000, 30_000];

/**
 * Follows the tenant's event feed (Server-Sent Events) while enabled, narrowed to one execution when given,
 * and calls back with each event; {@code onOpen} runs each time the stream (re)connects, so that what changed
 * before it did is read again (the stream starts at the feed's end). EventSource reconnects by itself after a
 * dropped connection, sending Last-Event-ID; an answer it will not retry (an error status: 401, 403, 429, a
 * server stopping) closes it, and this opens a new one after a back-off. {@code types} narrows the stream to those
 * event types (the stream's type filter), such as the platform's system.breaker_opened.
 */
export function useEventFeed(
  enabled: boolean,
  onEvent: (event: FeedEvent) => void,
  options: { execution?: string; onOpen?: () => void; types?: string[] } = {},
): FeedState {
  const callback = useRef(onEvent);
  callback.current = onEvent;
  const opened = useRef(options.onOpen);
  opened.current = options.onOpen;
  const [state, setState] = useState<FeedState>("off");
  const execution = options.execution;
  const types = options.types?.join(",");

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") {
      setState("off");
      return;
    }
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;
    const listener = (m: MessageEvent) => {
      try {
        callback.current(JSON.parse(m.data) as FeedEvent);
      } catch {
        // A comment or keep-alive that is not JSON: nothing to refresh.
      }
    };
    const connect = () => {
      const query = [execution && `execution=${encodeURIComponent(execution)}`, types && `type=${encodeURIComponent(types)}`]
        .filter(Boolean)
        .join("&");
      source = new EventSource(query ? `${STREAM}?${query}` : STREAM);
      [...TYPES, ...(types ? types.split(",") : [])].forEach((t) => source!.addEventListener(t, listener as EventListener));
      source.onopen = () => {
        failures = 0;
        setState("live");
        opened.current?.();
      };
      source.onerror = () => {
        if (source!.readyState !== EventSource.CLOSED || stopped) {
          setState("reconnecting"); // EventSource retries by itself
          return;
        }
        setState("reconnecting");
        timer = setTimeout(connect, BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
    };
  }, [enabled, execution, types]);
  return state;
}
