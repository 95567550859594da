import { onDestroy, onMount } from "svelte";

interface Pointer {
  x: number;
  done: boolean;
}

function onScroll(): void {}

export function trackPointer(state: Pointer): void {
  const onMove = (e: PointerEvent): void => {
    state.x = e.clientX;
  };
  window.addEventListener("pointermove", onMove); // REPORT: leaked-listener safe
  onDestroy(() => {
    state.done = true;
    window.removeEventListener("pointermove", onMove);
  });
}

export function trackScroll(): void {
  document.addEventListener("scroll", onScroll); // REPORT: leaked-listener safe
  onMount(() => console.log("mounted"));
  onDestroy(() => document.removeEventListener("scroll", onScroll));
}

export function mounted(): void {
  onMount(() => {
    window.addEventListener("resize", onScroll); // REPORT: leaked-listener safe
  });
  onDestroy(() => {
    console.log("destroyed");
    window.removeEventListener("resize", onScroll);
  });
}

export function cleaned(): void {
  window.addEventListener("blur", onScroll); // OK: removed in onDestroy
  onDestroy(() => window.removeEventListener("blur", onScroll));
}
