// A queue: shrunk by `next`.
const queue: string[] = [];

export function enqueue(job: string): void {
  queue.push(job);
}

export function next(): string | undefined {
  return queue.shift();
}

// Grown only while the module loads.
const plugins: string[] = [];
plugins.push("core");
plugins.push("extra");

export function hasPlugin(name: string): boolean {
  return plugins.includes(name);
}

// Flushed by another function.
let batch: string[] = [];

export function add(entry: string): void {
  batch.push(entry);
}

export function flush(): string[] {
  const out = batch;
  batch = [];
  return out;
}

// Emptied once full, after use.
let recent: number[] = [];

export function sample(value: number): number | undefined {
  recent.push(value);
  if (recent.length < 3) return undefined;
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  recent = [];
  return mean;
}

// Never grown.
const NONE: readonly string[] = [];

export function names(list?: readonly string[]): readonly string[] {
  return list ?? NONE;
}

// Local state.
export function histogram(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

// Filled by callbacks that run while the module loads.
const PRECEDENCE: Record<string, number> = {};
[["||"], ["&&"], ["+", "-"]].forEach((tier, i) => {
  tier.forEach((op) => {
    PRECEDENCE[op] = i;
  });
});

export function precedence(op: string): number | undefined {
  return PRECEDENCE[op];
}

// Filled by a local function that only module-level code calls.
const messages = new Map<string, string>();

function defineError(code: string, text: string): string {
  messages.set(code, text);
  return code;
}

export const NOT_FOUND = defineError("E404", "not found");
export const FORBIDDEN = defineError("E403", "forbidden");

export function messageOf(code: string): string | undefined {
  return messages.get(code);
}
