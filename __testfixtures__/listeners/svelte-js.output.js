import { onMount } from "svelte";

function onScroll() {}

export function trackScroll() {
  document.addEventListener("scroll", onScroll); // REPORT: leaked-listener manual
  onMount(() => console.log("mounted"));
}

export function plain() {
  window.addEventListener("resize", onScroll); // OK: no lifecycle hook: not a component's code
}
