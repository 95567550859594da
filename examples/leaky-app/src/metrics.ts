// Not touched: the timer exists to act after this function returns (reported, not wrapped).
export function startReporting(report: () => void): NodeJS.Timeout {
  const timer = setInterval(report, 60_000);
  timer.unref();
  return timer;
}
