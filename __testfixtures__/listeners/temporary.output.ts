import { EventEmitter } from "node:events";
import { rmSync } from "node:fs";

export const server = new EventEmitter();
const shared = (): void => console.log("aborted");

interface Job {
  run(): Promise<void>;
  count: number;
}

export async function fetchJson(url: string, signal: AbortSignal): Promise<{ id: number }> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort); // REPORT: leaked-listener safe
  try {
    const response = await fetch(url, { signal: controller.signal });
    // the body is read before the function returns
    return (await response.json()) as { id: number };
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

export async function runJob(job: Job): Promise<number> {
  let cancelled = false;
  function onSigint(): void {
    cancelled = true;
  }
  process.on("SIGINT", onSigint); // REPORT: leaked-listener unsafe
  await job.run();
  return cancelled ? -1 : job.count;
}

export const poll = async (signal: AbortSignal, items: string[]): Promise<string> => {
  let stopped = false;
  const stop = (): void => {
    stopped = true;
  };
  signal.addEventListener("abort", stop, true); // REPORT: leaked-listener safe
  try {
    for (const item of items) {
      if (stopped) break;
      await Promise.all(items.map(async (other) => fetch(`${item}/${other}`)));
    }
    return `polled
${items.length} items`;
  } finally {
    signal.removeEventListener("abort", stop, true);
  }
};

export const api = {
  async load(signal: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const forward = (): void => controller.abort();
    signal.addEventListener("abort", forward); // REPORT: leaked-listener safe
    try {
      await fetch("/load", { signal: controller.signal });
    } finally {
      signal.removeEventListener("abort", forward);
    }
  },
};

export async function inline(url: string, signal: AbortSignal): Promise<void> {
  const controller = new AbortController();
  signal.addEventListener("abort", () => controller.abort()); // REPORT: leaked-listener manual
  await fetch(url, { signal: controller.signal });
}

export async function hoisted(signal: AbortSignal): Promise<number> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  const first = helper();
  signal.addEventListener("abort", onAbort); // REPORT: leaked-listener manual
  await fetch("/x", { signal: controller.signal });
  function helper(): number {
    return 1;
  }
  return first;
}

export async function returnsResponse(url: string, signal: AbortSignal): Promise<Response> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal.addEventListener("abort", onAbort); // OK: the returned response's body may still be read, and the listener aborts it
  return await fetch(url, { signal: controller.signal });
}

export async function notAwaited(url: string, signal: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal.addEventListener("abort", onAbort); // OK: the fetch is not awaited, its work goes on after the return
  void fetch(url, { signal: controller.signal });
  await Promise.resolve();
}

export async function later(signal: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal.addEventListener("abort", onAbort); // OK: a timer callback runs after the return
  setTimeout(() => controller.abort(), 1000);
  await fetch("/y", { signal: controller.signal });
}

export function sync(signal: AbortSignal): Promise<Response> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal.addEventListener("abort", onAbort); // OK: a sync function: the work it starts goes on after it returns
  return fetch("/z", { signal: controller.signal });
}

export async function* generate(signal: AbortSignal): AsyncGenerator<number> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal.addEventListener("abort", onAbort); // OK: a generator stops at each yield, its caller decides when it ends
  yield 1;
}

export async function sharedListener(signal: AbortSignal): Promise<void> {
  signal.addEventListener("abort", shared); // OK: declared outside the function, another registration may share it
  await fetch("/shared");
}

export async function inLoop(signals: AbortSignal[], signal: AbortSignal): Promise<void> {
  const onAbort = (): void => console.log("abort");
  for (let i = 0; i < 2; i++) {
    signal.addEventListener("abort", onAbort); // OK: in a loop
  }
  await fetch("/loop");
}

export async function once(signal: AbortSignal): Promise<void> {
  const onAbort = (): void => console.log("abort");
  signal.addEventListener("abort", onAbort, { once: true }); // OK: removed when it fires
  await fetch("/once");
}

export async function removed(signal: AbortSignal): Promise<void> {
  const onAbort = (): void => console.log("abort");
  signal.addEventListener("abort", onAbort); // OK: removed in finally
  try {
    await fetch("/removed");
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

export async function servesServer(): Promise<void> {
  const onSigterm = (): void => {
    server.emit("close");
  };
  process.on("SIGTERM", onSigterm); // OK: the listener serves a module-level server that outlives the call
  await fetch("/serve");
}

export function consume(url: string, signal: AbortSignal): ReadableStream<string> {
  return new ReadableStream<string>({
    async start(controller) {
      const [resolved] = await Promise.all([Promise.resolve(url)]);
      const source = new EventSource(resolved);
      source.addEventListener("message", (m) => controller.enqueue(String(m.data)));
      const onAbort = (): void => {
        source.close();
        controller.close();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort); // OK: a stream's start: the source lives after it returns
      controller.enqueue("connecting");
    },
  });
}

export async function openSource(url: string, signal: AbortSignal): Promise<void> {
  const source = new EventSource(url);
  const onAbort = (): void => source.close();
  signal.addEventListener("abort", onAbort); // OK: the source goes on after the return, the listener closes it
  await Promise.resolve();
}

export async function exitCleanup(): Promise<string> {
  const dir = `/tmp/work-${Date.now()}`;
  const onExit = (): void => rmSync(dir, { recursive: true, force: true });
  process.on("exit", onExit); // OK: meant to run at exit, after the call: it acts on a global, not on the call's state
  await Promise.resolve();
  return dir;
}
