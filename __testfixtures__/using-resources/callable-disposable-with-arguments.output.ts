// A function with `[Symbol.dispose]` is a disposer (its call is its release, mobx's
// `IReactionDisposer`) only when it is called with nothing and returns nothing. One that takes
// arguments or returns a value (a test spy, a counter) is called to do its work: calling it
// releases nothing, so it is judged like any other disposable (here: a call leakmod does not
// follow, so manual).

interface Counter {
  (step: number): number;
  [Symbol.dispose](): void;
}

function makeCounter(): Counter {
  let total = 0;
  const count = ((step: number) => (total += step)) as Counter;
  count[Symbol.dispose] = () => {
    total = 0;
  };
  return count;
}

export function tally(): number {
  const count = makeCounter(); // REPORT: unreleased-resource manual
  return count(1) + count(2);
}
