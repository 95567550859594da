// A disposer function (a function with `[Symbol.dispose]`: mobx's `IReactionDisposer`, an
// unsubscribe function): calling it is its release, and it stops work that was started to go on
// after the scope (a reaction, a subscription). A factory that returns it, or closures that call
// it, own it; it is never made `using` on leakmod's own judgement.

export interface Disposer extends Disposable {
  (): void;
}

const reactions = new Set<() => void>();

export function autorun(effect: () => void): Disposer {
  reactions.add(effect);
  const dispose = (() => {
    reactions.delete(effect);
  }) as Disposer;
  dispose[Symbol.dispose] = dispose;
  return dispose;
}

// Ex) mobx `_when`: made, returned, and called by the timeout's closure.
export function when(predicate: () => boolean, effect: () => void, timeout: number): Disposer {
  const timer = setTimeout(() => disposer(), timeout);
  const disposer = autorun(() => { // OK: a disposer function handed to the caller, called by the closures that hold it
    if (predicate()) {
      disposer();
      clearTimeout(timer);
      effect();
    }
  });
  return disposer;
}

// Ex) mobx `whenPromise`: released by the closures that hold it (cancel).
export function whenPromise(predicate: () => boolean): Promise<void> & { cancel(): void } {
  let cancel = (): void => {};
  const done = new Promise<void>((resolve, reject) => {
    const disposer = when(predicate, resolve, 1000); // OK: released by the closures that hold it
    cancel = () => {
      disposer();
      reject(new Error("cancelled"));
    };
  });
  return Object.assign(done, { cancel: () => cancel() });
}

export function runOnce(effect: () => void): void {
  const stop = autorun(effect); // REPORT: partial-cleanup safe
  using _stop = { [Symbol.dispose]: () => stop() };
  effect();
}

export function watchForever(effect: () => void): void {
  const stop = autorun(effect); // REPORT: unreleased-resource manual
  effect();
}
