export class Clock {
  constructor(el) {
    this.el = el;
    this.observer = new ResizeObserver(() => this.render());
    this.observer.observe(el);
  }

  start() {
    setInterval(() => this.render(), 1000);
  }

  render() {}

  destroy() {
    this.el.textContent = "";
  }
}
