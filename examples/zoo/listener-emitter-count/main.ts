// Widgets listen to a long-lived bus and are disposed; nothing removes their listeners, so the bus
// keeps every disposed widget, and Node warns once the bus has more than 10 listeners.
import { EventEmitter } from "node:events";

const bus = new EventEmitter();

class Widget {
  ticks = 0;

  constructor() {
    bus.on("tick", this.onTick);
  }

  private onTick = (): void => {
    this.ticks++;
  };

  dispose(): void {
    this.ticks = -1;
  }
}

export async function main(): Promise<Record<string, number>> {
  let warnings = 0;
  const onWarning = (warning: Error): void => {
    if (warning.name === "MaxListenersExceededWarning") warnings++;
  };
  process.on("warning", onWarning);
  for (let i = 0; i < 50; i++) {
    const widget = new Widget();
    bus.emit("tick");
    widget.dispose();
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  process.off("warning", onWarning);
  console.log("50 widgets created and disposed");
  return { listeners: bus.listenerCount("tick"), warnings };
}
