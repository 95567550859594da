/**
 * The resource table of `using-resources`: calls that create something that must be released,
 * and how it is released. A project adds its own in `leakmod.config.json`:
 *
 *   { "resources": [{ "factory": "db.acquire", "cleanup": "release", "style": "method" }] }
 *
 * Node's own factories are recognised through the checker (whatever the import looks like:
 * `fs.openSync`, `openSync`, `import * as f from "node:fs"`); the others by the callee as it is
 * written at the call site (`pool.connect` also matches `this.pool.connect`).
 */
import type { ResourceConfigEntry } from "./config.js";

export interface ResourceCleanup {
  /** `method`: `r.close()`; `function`: `closeSync(r)`. */
  style: "method" | "function";
  /** Names a cleanup call may have (the last part of the callee): `closeSync`, `release`. */
  names: readonly string[];
  /**
   * The call leakmod writes when it adds the cleanup itself: a method name (`release`), or for
   * `function` style the callee (`closeSync`, placed on the factory's own receiver: `fs.openSync`
   * → `fs.closeSync`; a configured `fs.closeSync` is written as is).
   */
  call: string;
  /** The cleanup returns a promise that is awaited. */
  async: boolean;
}

export interface ResourceFactory {
  /** The factory as shown in messages: `fs.openSync`. */
  factory: string;
  /** What it creates, for messages: `file descriptor`. */
  what: string;
  /** Recognised through the checker: the callee is `name`, declared in a file of @types/node ending with `file`. */
  node?: ReadonlyArray<{ file: string; name: string }>;
  /**
   * Recognised by the callee's text (without `this.`): equal to one of these or ending with
   * `.` + one of them. For entries with `node`, used only when the checker cannot resolve the callee.
   */
  callees: readonly string[];
  /** Created with `new` (`new Worker(...)`) rather than a call. */
  construct?: boolean;
  cleanup: ResourceCleanup;
  /**
   * Scoped by nature: meant to live for one piece of work (a descriptor, a handle, a pool
   * client). Only those get `using` when the code never releases them; timers, processes,
   * servers, sockets, streams, watchers and workers exist to act after the scope.
   */
  scoped: boolean;
  /** The value's own `[Symbol.dispose]`/`[Symbol.asyncDispose]` is exactly the cleanup (FileHandle: an alias of `close()`). */
  nativeDispose?: boolean;
  /** A `for await` loop over it closes it (fs.Dir): a disposer added by leakmod must tolerate `ERR_DIR_CLOSED`. */
  closedByIteration?: boolean;
  /** For resources that are not scoped: what to do instead, shown in `manual` findings. */
  advice?: string;
}

const TIMER_ADVICE =
  "a timer exists to run its callback after this scope, so `using` would cancel it. If it must not outlive the scope, clear it in a `finally`; if it only must not keep the process alive, call `.unref()`";
const CHILD_ADVICE =
  "a child process runs beyond the scope that starts it, so `using` would kill it. Keep it and stop it (`kill()`) when the work that needs it ends, or `unref()` a detached child on purpose";
const SERVER_ADVICE =
  "a server serves after the scope that starts it, so `using` would close it at once. Keep a handle and `close()` it on shutdown";
const SOCKET_ADVICE =
  "a socket talks to its peer through callbacks after this scope, so `using` would cut it off. `destroy()`/`end()` it when the exchange is over, including on errors";
const STREAM_ADVICE =
  "a stream is consumed through events or pipes after this scope, so `using` would destroy it early. Use `stream.pipeline()` (or `finished()`), which destroys every stream on error";
const WATCHER_ADVICE =
  "a watcher reports changes through callbacks after this scope, so `using` would stop it. Keep it and `close()` it when watching should stop";
const WORKER_ADVICE =
  "a worker runs beyond the scope that starts it, so `using` would terminate it. Keep it and `terminate()` it when its work is done";

const fsFile = "/@types/node/fs.d.ts";
const fsPromisesFile = "/@types/node/fs/promises.d.ts";

export const RESOURCE_TABLE: readonly ResourceFactory[] = [
  {
    factory: "fs.openSync",
    what: "file descriptor",
    node: [{ file: fsFile, name: "openSync" }],
    callees: ["fs.openSync", "openSync"],
    cleanup: { style: "function", names: ["closeSync"], call: "closeSync", async: false },
    scoped: true,
  },
  {
    factory: "fs.promises.open",
    what: "`FileHandle`",
    node: [{ file: fsPromisesFile, name: "open" }],
    callees: ["fs.promises.open", "fsPromises.open"],
    cleanup: { style: "method", names: ["close"], call: "close", async: true },
    scoped: true,
    nativeDispose: true,
  },
  {
    factory: "fs.opendirSync",
    what: "directory handle",
    node: [{ file: fsFile, name: "opendirSync" }],
    callees: ["fs.opendirSync", "opendirSync"],
    cleanup: { style: "method", names: ["closeSync"], call: "closeSync", async: false },
    scoped: true,
    closedByIteration: true,
  },
  {
    factory: "fs.promises.opendir",
    what: "directory handle",
    node: [{ file: fsPromisesFile, name: "opendir" }],
    callees: ["fs.promises.opendir", "fsPromises.opendir"],
    cleanup: { style: "method", names: ["close"], call: "close", async: true },
    scoped: true,
    closedByIteration: true,
  },
  {
    factory: "pool.connect",
    what: "pool client",
    callees: ["pool.connect"],
    cleanup: { style: "method", names: ["release"], call: "release", async: false },
    scoped: true,
  },
  {
    factory: "pool.getConnection",
    what: "pool connection",
    callees: ["pool.getConnection"],
    cleanup: { style: "method", names: ["release"], call: "release", async: false },
    scoped: true,
  },
  {
    factory: "setTimeout",
    what: "timer",
    node: [{ file: "/@types/node/timers.d.ts", name: "setTimeout" }],
    callees: ["setTimeout"],
    cleanup: { style: "function", names: ["clearTimeout"], call: "clearTimeout", async: false },
    scoped: false,
    advice: TIMER_ADVICE,
  },
  {
    factory: "setInterval",
    what: "interval timer",
    node: [{ file: "/@types/node/timers.d.ts", name: "setInterval" }],
    callees: ["setInterval"],
    cleanup: { style: "function", names: ["clearInterval"], call: "clearInterval", async: false },
    scoped: false,
    advice: TIMER_ADVICE,
  },
  {
    factory: "setImmediate",
    what: "immediate",
    node: [{ file: "/@types/node/timers.d.ts", name: "setImmediate" }],
    callees: ["setImmediate"],
    cleanup: { style: "function", names: ["clearImmediate"], call: "clearImmediate", async: false },
    scoped: false,
    advice: TIMER_ADVICE,
  },
  ...["spawn", "fork", "exec", "execFile"].map((name): ResourceFactory => ({
    factory: `child_process.${name}`,
    what: "child process",
    node: [{ file: "/@types/node/child_process.d.ts", name }],
    callees: [`child_process.${name}`, `cp.${name}`],
    cleanup: { style: "method", names: ["kill"], call: "kill", async: false },
    scoped: false,
    advice: CHILD_ADVICE,
  })),
  {
    factory: "createServer",
    what: "server",
    node: ["net", "http", "https", "http2", "tls"].map((m) => ({
      file: `/@types/node/${m}.d.ts`,
      name: "createServer",
    })),
    callees: ["net.createServer", "http.createServer", "https.createServer", "http2.createServer", "tls.createServer"],
    cleanup: { style: "method", names: ["close"], call: "close", async: false },
    scoped: false,
    advice: SERVER_ADVICE,
  },
  {
    factory: "net.connect",
    what: "socket",
    node: [
      ...["connect", "createConnection"].map((name) => ({ file: "/@types/node/net.d.ts", name })),
      { file: "/@types/node/tls.d.ts", name: "connect" },
      { file: "/@types/node/dgram.d.ts", name: "createSocket" },
    ],
    callees: ["net.connect", "net.createConnection", "tls.connect", "dgram.createSocket"],
    cleanup: { style: "method", names: ["destroy", "end", "close"], call: "destroy", async: false },
    scoped: false,
    advice: SOCKET_ADVICE,
  },
  {
    factory: "fs.createReadStream",
    what: "stream",
    node: ["createReadStream", "createWriteStream"].map((name) => ({ file: fsFile, name })),
    callees: ["fs.createReadStream", "fs.createWriteStream"],
    cleanup: { style: "method", names: ["destroy", "close", "end"], call: "destroy", async: false },
    scoped: false,
    advice: STREAM_ADVICE,
  },
  {
    factory: "fs.watch",
    what: "file watcher",
    node: [{ file: fsFile, name: "watch" }],
    callees: ["fs.watch", "chokidar.watch"],
    cleanup: { style: "method", names: ["close"], call: "close", async: false },
    scoped: false,
    advice: WATCHER_ADVICE,
  },
  {
    factory: "new Worker",
    what: "worker thread",
    node: [{ file: "/@types/node/worker_threads.d.ts", name: "Worker" }],
    callees: [],
    construct: true,
    cleanup: { style: "method", names: ["terminate"], call: "terminate", async: false },
    scoped: false,
    advice: WORKER_ADVICE,
  },
];

/** The project's `leakmod.config.json` resources, in the table's form. */
export function configFactories(entries: readonly ResourceConfigEntry[] | undefined): ResourceFactory[] {
  return (entries ?? []).map((e) => {
    const last = e.cleanup.split(".").pop()!;
    return {
      factory: e.factory,
      what: `\`${e.factory}()\` resource`,
      callees: [e.factory],
      cleanup: { style: e.style, names: [last], call: e.cleanup, async: e.async === true },
      scoped: e.scoped !== false,
      ...(e.scoped === false
        ? {
            advice: `\`${e.factory}\` is configured as not scoped (leakmod.config.json), so leakmod does not add its cleanup: release it (\`${e.cleanup}\`) when its work is done`,
          }
        : {}),
    };
  });
}

/** Cleanup methods a disposable value of an unknown kind may be released with. */
export const GENERIC_CLEANUP_METHODS: ReadonlySet<string> = new Set([
  "close",
  "closeSync",
  "dispose",
  "release",
  "destroy",
  "end",
  "disconnect",
  "terminate",
  "kill",
  "abort",
  "stop",
  "free",
  "unsubscribe",
]);

/** Cleanup functions taking the value (timers from `setTimeout` and friends). */
export const GENERIC_CLEANUP_FUNCTIONS: ReadonlySet<string> = new Set([
  "clearTimeout",
  "clearInterval",
  "clearImmediate",
  "closeSync",
]);

/**
 * Files of @types/node whose classes hold no OS resource, though some are streams by type (and so
 * have `[Symbol.asyncDispose]`): crypto's `Hash`, `Hmac`, `Cipheriv`, `Decipheriv`, `Sign`, `Verify`
 * keep only memory the garbage collector frees, and used through `update()`/`digest()` (or
 * `final()`, `sign()`) need no release at all. Not zlib: its streams hold a native zlib context
 * until `close()` or the end of the stream.
 */
export const NO_RESOURCE_NODE_FILES: readonly string[] = ["/@types/node/crypto.d.ts"];

/** Library types with `[Symbol.dispose]` that are scoped by nature (as opposed to timers, processes, servers…). */
export const SCOPED_LIBRARY_TYPES: ReadonlySet<string> = new Set(["FileHandle"]);

/** Advice for library disposables that are not scoped, by type name. */
export const LIBRARY_TYPE_ADVICE: ReadonlyMap<string, { what: string; advice: string }> = new Map([
  ["Timeout", { what: "timer", advice: TIMER_ADVICE }],
  ["Immediate", { what: "immediate", advice: TIMER_ADVICE }],
  ["ChildProcess", { what: "child process", advice: CHILD_ADVICE }],
  ["ChildProcessWithoutNullStreams", { what: "child process", advice: CHILD_ADVICE }],
  ["ChildProcessByStdio", { what: "child process", advice: CHILD_ADVICE }],
  ["Server", { what: "server", advice: SERVER_ADVICE }],
  ["Socket", { what: "socket", advice: SOCKET_ADVICE }],
  ["Readable", { what: "stream", advice: STREAM_ADVICE }],
  ["ReadStream", { what: "stream", advice: STREAM_ADVICE }],
]);
