// Followers add an inline listener to a long-lived EventTarget and are disposed; nothing can
// remove an inline listener, so the target keeps every disposed follower.
import { getEventListeners } from "node:events";

const events = new EventTarget();

class Follower {
  steps = 0;

  constructor() {
    events.addEventListener("tick", () => this.steps++);
  }

  dispose(): void {
    this.steps = -1;
  }
}

export async function main(): Promise<Record<string, number>> {
  for (let i = 0; i < 30; i++) {
    const follower = new Follower();
    events.dispatchEvent(new Event("tick"));
    follower.dispose();
  }
  console.log("30 followers created and disposed");
  return { listeners: getEventListeners(events, "tick").length };
}
