declare function flush(): void;
declare function work(): Promise<void>;

export async function withWatchdog(): Promise<void> {
  const watchdog = setTimeout(flush, 5000); // REPORT: finally-cleanup safe
  using _watchdog = { [Symbol.dispose]: () => clearTimeout(watchdog) };
  await work();
}
