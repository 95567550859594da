// A scratch buffer written by index is reused across calls: it grows only to the
// highest index ever used, so it is not an accumulating global and is not reported.
const scales: number[] = [];

export function maxScale(values: readonly number[]): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    scales[i] = Math.round(values[i]! * 100);
    if (scales[i]! > max) max = scales[i]!;
  }
  return max;
}

// Appending at its length is a push: this one only grows.
const history: string[] = []; // REPORT: accumulating-global manual

export function remember(event: string): void {
  history[history.length] = event;
}
