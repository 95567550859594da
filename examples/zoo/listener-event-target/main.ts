// Panels listen to a long-lived EventTarget and are disposed: its listeners pile up.
import { getEventListeners } from "node:events";

const settings = new EventTarget();

class Panel {
  changes = 0;

  constructor() {
    settings.addEventListener("change", this.onChange);
  }

  private onChange = (): void => {
    this.changes++;
  };

  dispose(): void {
    this.changes = -1;
  }
}

export async function main(): Promise<Record<string, number>> {
  for (let i = 0; i < 20; i++) new Panel().dispose();
  settings.dispatchEvent(new Event("change"));
  console.log("20 panels created and disposed");
  return { listeners: getEventListeners(settings, "change").length };
}
