// Each view holds about 1 MB of rows and listens to a process-wide "refresh" event: after dispose(), `process`
// still holds every view through its listener.
class View {
  private readonly rows = Array.from({ length: 20_000 }, (_, i) => ({ i, label: `row ${i}` }));

  constructor() {
    process.on("refresh", this.onRefresh);
  }

  private onRefresh = (): void => {
    this.rows.length = 0;
  };

  dispose(): void {
    this.rows[0]!.i = -1;
  }
}

export async function main(): Promise<void> {
  for (let i = 0; i < 30; i++) new View().dispose();
  console.log("30 views created and disposed");
}
