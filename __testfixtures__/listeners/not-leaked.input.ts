import { EventEmitter } from "node:events";

// Top-level code of an entry point lives as long as the process.
process.on("SIGTERM", () => process.exit(0));

function unbind(target: EventTarget, type: string, listener: EventListener): void {
  target.removeEventListener(type, listener);
}

export class Panel extends EventTarget {
  private readonly el = document.createElement("div");
  private readonly local = new EventEmitter();
  private readonly controller = new AbortController();

  constructor(private readonly host: HTMLElement) {
    super();
    // The owner itself, and what it creates, die with it.
    this.addEventListener("change", this.onChange);
    this.el.addEventListener("click", this.onChange);
    this.local.on("tick", this.onTick);
    const button = document.createElement("button");
    button.addEventListener("click", this.onChange);
    // Removed by abort(), or when it fires.
    window.addEventListener("scroll", this.onChange, { signal: this.controller.signal });
    window.addEventListener("load", this.onChange, { once: true });
    // Removed in dispose(), and through a helper.
    window.addEventListener("resize", this.onResize, { passive: true });
    document.addEventListener("keydown", this.onKey);
    // Unknown lifetime: not reported.
    this.host.parentElement?.addEventListener("focus", this.onChange);
  }

  private onChange = (): void => {};
  private onResize = (): void => {};
  private onKey = (): void => {};
  private onTick = (): void => {};

  dispose(): void {
    this.controller.abort();
    window.removeEventListener("resize", this.onResize);
    unbind(document, "keydown", this.onKey);
  }
}

// A class nobody tears down: its instances may live as long as the program.
export class Tracker {
  constructor() {
    window.addEventListener("error", this.onError);
  }
  private onError = (): void => {};
}
