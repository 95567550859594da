// A warn-once set: it holds the warnings already shown, which the program's own messages bound.
// Not reported.
const warnedMessages = new Set<string>(); // OK: a warn-once set

export function shouldSkipWarning(code: string, message: string): boolean {
  if (code === "UNSUPPORTED_OPTION") {
    if (warnedMessages.has(message)) return true;
    warnedMessages.add(message);
  }
  return false;
}

const shown = new Set<string>(); // OK: a warn-once set

export function warnDeprecated(name: string): void {
  if (shown.has(name)) return;
  shown.add(name);
  console.warn(`${name} is deprecated`);
}
