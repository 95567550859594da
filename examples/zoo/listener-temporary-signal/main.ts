// Every call of fetchPage() adds an "abort" listener to the caller's long-lived signal and never
// removes it: the listeners (and each call's AbortController) pile up on the signal.
import { getEventListeners } from "node:events";

async function work(signal: AbortSignal, page: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return signal.aborted ? -1 : page * 2;
}

async function fetchPage(page: number, signal: AbortSignal): Promise<number> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort);
  const value = await work(controller.signal, page);
  return value + 1;
}

export async function main(): Promise<Record<string, number>> {
  const session = new AbortController();
  let warnings = 0;
  const onWarning = (w: Error): void => {
    if (w.name === "MaxListenersExceededWarning") warnings++;
  };
  process.on("warning", onWarning);
  let total = 0;
  for (let page = 0; page < 30; page++) total += await fetchPage(page, session.signal);
  await new Promise((resolve) => setTimeout(resolve, 10));
  process.off("warning", onWarning);
  console.log(`30 pages, total ${total}`);
  return { listeners: getEventListeners(session.signal, "abort").length, warnings };
}
