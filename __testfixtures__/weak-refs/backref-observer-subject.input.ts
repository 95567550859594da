export class Observer {
  subject?: Subject; // REPORT: back-reference unsafe
  seen = 0;

  notify(): void {
    this.seen++;
  }

  leave(): void {
    this.subject?.unsubscribe(this);
  }
}

export class Subject {
  private observers = new Set<Observer>();

  subscribe(o: Observer): void {
    o.subject = this;
    this.observers.add(o);
  }

  unsubscribe(o: Observer): void {
    this.observers.delete(o);
    o.subject = undefined;
  }

  emit(): void {
    for (const o of this.observers) o.notify();
  }
}
