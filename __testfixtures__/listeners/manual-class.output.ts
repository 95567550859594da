export class Tooltip {
  private visible = false;

  show(anchor: HTMLElement): void {
    this.visible = true;
    window.addEventListener("scroll", () => this.hide()); // REPORT: leaked-listener unsafe
    document.addEventListener("click", this.onClick.bind(this)); // REPORT: leaked-listener unsafe
    anchor.addEventListener("mouseleave", this.onLeave); // OK: a target handed in, with no safe fix
  }

  private onClick(): void {
    this.hide();
  }

  private onLeave = (): void => this.hide();

  hide(): void {
    this.visible = false;
  }

  destroy(): void {
    this.hide();
  }
}

export class Card extends HTMLElement {
  connectedCallback(): void {
    window.addEventListener("resize", this.onResize); // REPORT: leaked-listener manual
  }

  private onResize = (): void => {};
}
