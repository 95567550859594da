import { useEffect, useRef } from "react";

export function Measured({ onSize }: { onSize: (width: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const observer = new ResizeObserver((entries) => onSize(entries[0]!.contentRect.width)); // REPORT: leaked-observer safe
    observer.observe(ref.current!);
    return () => observer.disconnect();
  }, [onSize]);
  useEffect(() => {
    const observer = new IntersectionObserver(() => {});
    observer.observe(ref.current!);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const ticker = setInterval(() => onSize(0), 1000); // REPORT: leaked-timer safe
    return () => clearInterval(ticker);
  }, [onSize]);
  useEffect(() => {
    new MutationObserver(() => {}).observe(document.body, { childList: true }); // REPORT: leaked-observer manual
  }, []);
  return <div ref={ref} />;
}

export class Gallery extends HTMLElement {
  private observer?: IntersectionObserver;
  private mutations = new MutationObserver(() => this.render());
  private unused = new ResizeObserver(() => {});

  connectedCallback(): void {
    this.observer = new IntersectionObserver(() => this.render()); // REPORT: leaked-observer safe
    this.observer.observe(this);
    this.mutations.observe(this, { childList: true });
  }

  render(): void {}

  disconnectedCallback(): void {
    this.mutations.disconnect();
    this.observer?.disconnect();
  }
}
