export class Port {
  #deviceRef: WeakRef<Device> | undefined = undefined;
  get #device(): Device | undefined {
    return this.#deviceRef?.deref();
  }
  set #device(value: Device | undefined) {
    this.#deviceRef = value ? new WeakRef(value) : undefined;
  } // REPORT: back-reference unsafe
  constructor(readonly index: number) {}

  attach(device: Device): void {
    this.#device = device;
    device.ports.push(this);
  }

  label(): string {
    return `${this.#device?.name ?? "?"}:${this.index}`;
  }
}

export class Device {
  ports: Port[] = [];
  constructor(readonly name: string) {}
}
