// The types of "svelte" for the svelte fixture (a script: no import nor export), as the package is not installed.
declare module "svelte" {
  export function onMount(fn: () => void | (() => void)): void;
  export function onDestroy(fn: () => void): void;
}
