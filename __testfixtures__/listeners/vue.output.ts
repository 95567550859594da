import { defineComponent, onBeforeUnmount, onMounted, onUnmounted, ref } from "@vue/runtime-core";
import { EventEmitter } from "node:events";

export const bus = new EventEmitter();

function onScroll(): void {}

export const Width = defineComponent({
  setup() {
    const width = ref(0);
    const onResize = (): void => {
      width.value = window.innerWidth;
    };
    onMounted(() => {
      window.addEventListener("resize", onResize); // REPORT: leaked-listener safe
      document.addEventListener("scroll", onScroll, true); // REPORT: leaked-listener safe
      window.addEventListener("blur", () => (width.value = 0)); // REPORT: leaked-listener manual
      setInterval(() => (width.value += 1), 1000); // REPORT: leaked-timer manual
    });
    onMounted(() => bus.on("reset", onResize)); // REPORT: leaked-listener safe
    onUnmounted(() => {
      console.log("bye");
      window.removeEventListener("resize", onResize);
      document.removeEventListener("scroll", onScroll, true);
      bus.off("reset", onResize);
    });
    return { width };
  },
});

export function useKeys(onKey: (e: KeyboardEvent) => void): void {
  onMounted(() => {
    window.addEventListener("keydown", onKey); // REPORT: leaked-listener manual
  });
}

export function useClean(): void {
  const onFocus = (): void => {};
  onMounted(() => {
    window.addEventListener("focus", onFocus); // OK: removed in onBeforeUnmount
    window.addEventListener("pointerdown", onScroll); // REPORT: leaked-listener safe
  });
  onBeforeUnmount(() => {
    window.removeEventListener("focus", onFocus);
    window.removeEventListener("pointerdown", onScroll);
  });
}
