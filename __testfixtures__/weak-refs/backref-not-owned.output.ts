export class Job {
  manager: Manager | null = null;
  label: string | null = null;
  constructor(readonly id: number) {}
}

export class Manager {
  names: string[] = [];
  active = 0;

  // Points at the manager, but the manager keeps no `Job`: no cycle of ownership.
  run(job: Job): void {
    job.manager = this;
    this.active++;
  }

  // A string, not an owner.
  name(job: Job, label: string): void {
    job.label = label;
    this.names.push(label);
  }

  // Method names that are also `Object.prototype` members are no insertions.
  describe(job: Job): string {
    job.manager = this;
    return this.names.toString() + this.names.constructor.name;
  }
}

// Two objects that point at each other, neither made by the other: no owner to tell.
export class Peer {
  other: Peer | null = null;
  link(p: Peer): void {
    this.other = p;
    p.other = this;
  }
}
