import { EventEmitter } from "node:events";

export const bus = new EventEmitter();

/**
 * @param {string} url
 * @param {AbortSignal} signal
 * @returns {Promise<number>}
 */
export async function download(url, signal) {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal.addEventListener("abort", onAbort); // REPORT: leaked-listener safe
  const response = await fetch(url, { signal: controller.signal });
  const text = await response.text();
  return text.length;
}

/** @param {AbortSignal} signal */
export const wait = async (signal) => {
  let aborted = false;
  function onAbort() {
    aborted = true;
  }
  signal.addEventListener("abort", onAbort); // REPORT: leaked-listener safe
  await new Promise((resolve) => setTimeout(resolve, 10));
  return aborted;
};

/** @param {AbortSignal} signal */
export async function inline(signal) {
  const controller = new AbortController();
  signal.addEventListener("abort", () => controller.abort()); // REPORT: leaked-listener manual
  await fetch("/inline", { signal: controller.signal });
}

/** @param {AbortSignal} signal */
export async function keepsResponse(signal) {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal.addEventListener("abort", onAbort); // OK: the returned response's body may still be read
  return fetch("/response", { signal: controller.signal });
}

export async function onBus() {
  const onData = () => bus.emit("seen");
  bus.on("data", onData); // OK: the listener serves a module-level emitter that outlives the call
  await Promise.resolve();
}

/** @param {AbortSignal} signal */
export function stream(signal) {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal.addEventListener("abort", onAbort); // OK: a sync function returning a promise: the work goes on after it returns
  return fetch("/stream", { signal: controller.signal });
}
