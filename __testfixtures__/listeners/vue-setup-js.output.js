import { defineComponent, onMounted, ref } from "@vue/runtime-core";

export const Sized = defineComponent({
  setup() {
    const width = ref(0);
    const onResize = () => {
      width.value = window.innerWidth;
    };
    window.addEventListener("resize", onResize); // REPORT: leaked-listener manual
    onMounted(() => onResize());
    return { width };
  },
});

export function plain() {
  window.addEventListener("pageshow", () => {}); // OK: a plain function calls no lifecycle hook: not a setup
}
