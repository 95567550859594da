export class Menu {
  private readonly onResize = (): void => this.close();

  open(): void {
    document.addEventListener("pointerdown", this.onOutside, true);
    document.addEventListener("keydown", this.onKey, { capture: true, passive: true });
    window.addEventListener("resize", this.onResize);
    window.addEventListener("scroll", this.onScroll.bind(this));
  }

  close(): void {
    document.removeEventListener("pointerdown", this.onOutside, true); // REPORT: ineffective-removal safe
    document.removeEventListener("keydown", this.onKey, true); // REPORT: ineffective-removal safe
    window.removeEventListener("resize", this.onResize, { capture: false });
    window.removeEventListener("scroll", this.onScroll.bind(this)); // REPORT: ineffective-removal manual
  }

  private onOutside = (): void => this.close();
  private onKey = (): void => this.close();
  private onScroll(): void {}
}

export function detach(target: EventTarget, type: string, listener: EventListener): void {
  target.removeEventListener(type, listener);
  target.removeEventListener("input", () => console.log("gone")); // REPORT: ineffective-removal manual
}
