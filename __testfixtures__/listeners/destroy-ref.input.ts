import { EventEmitter } from "node:events";

// The shape of Angular's DestroyRef and inject() (from @angular/core).
export abstract class DestroyRef {
  abstract onDestroy(callback: () => void): () => void;
}
declare function inject<T>(token: abstract new () => T): T;

export const bus = new EventEmitter();

export class SearchBox {
  private readonly destroyRef = inject(DestroyRef);

  constructor() {
    window.addEventListener("resize", this.onResize); // REPORT: leaked-listener safe
    bus.on("clear", this.onClear); // REPORT: leaked-listener safe
    setInterval(() => this.refresh(), 1000); // REPORT: leaked-timer safe
    this.destroyRef.onDestroy(() => {
      console.log("destroyed");
    });
  }

  private onResize = (): void => {};
  private onClear = (): void => {};
  refresh(): void {}
}

export class Cleaned {
  constructor() {
    window.addEventListener("scroll", this.onScroll); // OK: removed in the onDestroy callback
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener("scroll", this.onScroll);
      window.addEventListener("beforeunload", this.onScroll); // OK: added by the teardown itself
    });
  }

  private onScroll = (): void => {};
}
