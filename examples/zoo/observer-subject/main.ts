class Observer {
  subject: Subject | null = null;
  seen = 0;
  notify(): void {
    this.seen++;
  }
}

class Subject {
  observers: Observer[] = [];
  state: number[] = Array.from({ length: 6000 }, (_, i) => i * 2);

  subscribe(o: Observer): void {
    o.subject = this;
    this.observers.push(o);
  }

  emit(): void {
    for (const o of this.observers) o.notify();
  }
}

export const watchers: Observer[] = [];

export async function main(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const subject = new Subject();
    const o = new Observer();
    subject.subscribe(o);
    subject.emit();
    watchers.push(o);
  }
  console.log(`watchers ${watchers.length}, seen ${watchers.reduce((n, o) => n + o.seen, 0)}`);
}
