import { EventEmitter } from "node:events";

export const bus = new EventEmitter();

export class Tooltip {
  private readonly aborted = new AbortController();
  private readonly forgotten = new AbortController();
  private readonly shared = new AbortController();
  protected readonly inherited = new AbortController();

  show(): void {
    window.addEventListener("scroll", () => this.hide()); // REPORT: leaked-listener unsafe
    document.addEventListener("pointerdown", this.onDown.bind(this), true); // REPORT: leaked-listener unsafe
    window.addEventListener("wheel", () => this.hide(), { passive: true }); // REPORT: leaked-listener unsafe
    window.addEventListener("blur", () => this.hide(), { signal: this.aborted.signal }); // OK: aborted in destroy()
    window.addEventListener("focus", () => this.hide(), { signal: this.shared.signal }); // OK: the controller is handed on
    window.addEventListener("resize", () => this.hide(), { signal: this.forgotten.signal }); // REPORT: leaked-listener manual
    window.addEventListener("copy", () => this.hide(), { signal: this.inherited.signal }); // OK: a subclass may abort it
    bus.on("change", () => this.hide()); // REPORT: leaked-listener manual
    track(this.shared);
  }

  listen(signal: AbortSignal): void {
    window.addEventListener("keydown", () => this.hide(), { signal }); // OK: a signal the caller aborts
  }

  private onDown(): void {
    this.hide();
  }

  hide(): void {}

  destroy(): void {
    this.aborted.abort();
  }
}

function track(controller: AbortController): void {
  window.addEventListener("unload", () => controller.abort(), { once: true });
}

class Base {
  constructor() {
    this.open();
  }
  open(): void {}
}

export class Menu extends Base {
  override open(): void {
    window.addEventListener("scroll", () => this.close()); // REPORT: leaked-listener manual
  }

  close(): void {}

  dispose(): void {
    this.close();
  }
}
