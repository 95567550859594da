import { EventEmitter } from "node:events";

export const server = new EventEmitter();

function connect(url: string): void {
  process.on("exit", () => console.log("closing", url)); // REPORT: leaked-listener manual
  window.addEventListener("online", () => console.log("online", url)); // REPORT: leaked-listener manual
  window.addEventListener("offline", onOffline); // OK: the same function again adds nothing
  process.once("SIGINT", () => console.log("bye", url)); // OK: removed when it fires
}

function onOffline(): void {}

export function connectAll(urls: string[]): void {
  for (const url of urls) connect(url);
}

function track(): void {
  process.on("warning", (w) => console.log(w.name)); // REPORT: leaked-listener manual
}
server.on("connection", () => track());

function cleaned(): void {
  const onExit = (): void => console.log("exit");
  process.on("exit", onExit); // OK: removed below
  process.off("exit", onExit);
}

function once(): void {
  process.on("beforeExit", () => console.log("done")); // OK: called once
}

export function main(flag: boolean): void {
  if (flag) once();
  else once();
  cleaned();
  cleaned();
  track();
}

function scoped(target: EventEmitter): void {
  target.on("data", () => console.log("data")); // OK: a target handed in may be new on every call
}
for (let i = 0; i < 3; i++) scoped(new EventEmitter());
