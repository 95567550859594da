// Pollers start an interval and are stopped; nothing clears the intervals, which keep running
// (and keep the process alive).
class Poller {
  polls = 0;

  start(): void {
    setInterval(() => this.poll(), 1000);
  }

  poll(): void {
    this.polls++;
  }

  stop(): void {
    this.polls = -1;
  }
}

export async function main(): Promise<Record<string, number>> {
  for (let i = 0; i < 3; i++) {
    const poller = new Poller();
    poller.start();
    poller.stop();
  }
  console.log("3 pollers started and stopped");
  return { timers: process.getActiveResourcesInfo().filter((r) => r === "Timeout").length };
}
