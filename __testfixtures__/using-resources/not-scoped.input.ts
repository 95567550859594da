import { spawn } from "node:child_process";
import http from "node:http";

declare function flush(): void;

export function schedule(): void {
  const timer = setTimeout(flush, 1000); // REPORT: unreleased-resource manual
  timer.unref();
}

export function poll(): void {
  const interval = setInterval(flush, 1000); // REPORT: unreleased-resource manual
  console.log("polling", interval.hasRef());
}

export function daemon(cmd: string): void {
  const child = spawn(cmd, { detached: true, stdio: "ignore" }); // REPORT: unreleased-resource manual
  child.unref();
}

export function serve(port: number): void {
  const server = http.createServer((_req, res) => res.end("ok")); // REPORT: unreleased-resource manual
  server.listen(port);
}

class App implements Disposable {
  listen(port: number): void {
    console.log("listening on", port);
  }
  [Symbol.dispose](): void {
    console.log("stopped");
  }
}

export function main(port: number): void {
  const app = new App(); // REPORT: unreleased-resource manual
  app.listen(port);
}
