export class Clock {
  interval;
  constructor(el) {
    this.el = el;
    this.observer = new ResizeObserver(() => this.render()); // REPORT: leaked-observer safe
    this.observer.observe(el);
  }

  start() {
    this.interval = setInterval(() => this.render(), 1000); // REPORT: leaked-timer safe
  }

  render() {}

  destroy() {
    this.el.textContent = "";
    this.observer?.disconnect();
    clearInterval(this.interval);
  }
}
