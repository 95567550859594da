import { defineComponent, onBeforeUnmount, onMounted, onUnmounted, ref } from "@vue/runtime-core";

function onScroll(): void {}

export const Sized = defineComponent({
  setup() {
    const width = ref(0);
    const onResize = (): void => {
      width.value = window.innerWidth;
    };
    window.addEventListener("resize", onResize); // REPORT: leaked-listener safe
    const interval = setInterval(() => (width.value += 1), 1000); // REPORT: leaked-timer safe
    onUnmounted(() => {
      window.removeEventListener("resize", onResize);
      clearInterval(interval);
    });
    return { width };
  },
});

export const Scrolled = defineComponent({
  setup() {
    const top = ref(0);
    document.addEventListener("scroll", onScroll, true); // REPORT: leaked-listener safe
    onBeforeUnmount(() => {
      top.value = -1;
      document.removeEventListener("scroll", onScroll, true);
    });
    return { top };
  },
});

export function useKeys(onKey: (e: KeyboardEvent) => void): void {
  const pressed = ref(false);
  const onDown = (): void => {
    pressed.value = true;
  };
  window.addEventListener("keydown", onDown); // REPORT: leaked-listener safe
  onMounted(() => onKey(new KeyboardEvent("keydown")));
  onUnmounted(() => window.removeEventListener("keydown", onDown));
}

export const Inline = defineComponent({
  setup() {
    const seen = ref(0);
    window.addEventListener("focus", () => (seen.value += 1)); // REPORT: leaked-listener manual
    return { seen };
  },
});

export const Early = defineComponent({
  props: { on: Boolean },
  setup(props) {
    if (!props.on) return {};
    window.addEventListener("online", onScroll); // REPORT: leaked-listener manual
    return { on: true };
  },
});

export const Later = defineComponent({
  async setup() {
    await Promise.resolve();
    window.addEventListener("offline", onScroll); // REPORT: leaked-listener manual
    return {};
  },
});

export const Removed = defineComponent({
  setup() {
    window.addEventListener("blur", onScroll); // OK: removed in onUnmounted
    onUnmounted(() => window.removeEventListener("blur", onScroll));
    return {};
  },
});

export function plain(): void {
  window.addEventListener("pageshow", onScroll); // OK: a plain function calls no lifecycle hook: not a setup
}

export const plugin = {
  name: "not-a-component",
  setup(): void {
    window.addEventListener("pagehide", onScroll); // OK: the setup of something else than a component
  },
};
