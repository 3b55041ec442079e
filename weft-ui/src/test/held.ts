/** Answers a test releases by hand, to make a slow request land after a newer one. */
export function held<T>() {
  const waiting: ((value: T) => void)[] = [];
  return {
    /** A promise of the next answer; release(i, value) settles the i-th one asked for. */
    next(): Promise<T> {
      return new Promise<T>((resolve) => waiting.push(resolve));
    },
    release(index: number, value: T) {
      waiting[index]!(value);
    },
    get count() {
      return waiting.length;
    },
  };
}

/** A stand-in for the browser's EventSource: the test emits the events. */
export class FakeEventSource {
  static made: FakeEventSource[] = [];
  readonly url: string;
  readonly listeners = new Map<string, ((m: MessageEvent) => void)[]>();
  closed = false;
  constructor(url: string) {
    this.url = url;
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, l: (m: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    (this.listeners.get(type) ?? []).forEach((l) => l(new MessageEvent(type, { data: JSON.stringify(data) })));
  }
}
