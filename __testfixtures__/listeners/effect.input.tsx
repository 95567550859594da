import { useEffect, useLayoutEffect, useState } from "react";

export function WindowWidth() {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    window.addEventListener("resize", () => setWidth(window.innerWidth)); // REPORT: leaked-listener safe
  }, []);
  return <span>{width}</span>;
}

export function Shortcuts({ onSave }: { onSave: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "s") onSave();
    };
    document.addEventListener("keydown", onKey, { capture: true }); // REPORT: leaked-listener safe
    return () => {
      console.log("bye");
    };
  }, [onSave]);
  return null;
}

export function Scroll({ target }: { target: EventTarget }) {
  useLayoutEffect(() => window.addEventListener("scroll", onScroll), []); // REPORT: leaked-listener safe
  return null;
}

function onScroll(): void {}

export function AlreadyClean() {
  useEffect(() => {
    const onResize = () => {};
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    window.addEventListener("blur", () => {}, { signal: controller.signal });
    return () => controller.abort();
  }, []);
  return null;
}

export function EarlyReturn({ enabled }: { enabled: boolean }) {
  useEffect(() => {
    if (!enabled) return;
    window.addEventListener("focus", onScroll); // REPORT: leaked-listener manual
  }, [enabled]);
  return null;
}
