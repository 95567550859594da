export class Clock {
  interval;
  constructor(el) {
    this.el = el;
    this.observer = new ResizeObserver(() => this.render());
    this.observer.observe(el);
  }

  start() {
    this.interval = setInterval(() => this.render(), 1000);
  }

  render() {}

  destroy() {
    this.el.textContent = "";
    this.observer?.disconnect();
    clearInterval(this.interval);
  }
}
