// A component listens to window resizes in an effect with no cleanup: every mounted-then-unmounted
// instance leaves its listener (and its state) on window. Runs in a happy-dom window.
import { Window } from "happy-dom";
import { useEffect, useState } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";

function WindowWidth() {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    window.addEventListener("resize", () => setWidth(window.innerWidth));
  }, []);
  return <span>{width}</span>;
}

export async function main(): Promise<Record<string, number>> {
  const dom = new Window();
  Object.assign(globalThis, { window: dom, document: dom.document });
  let resizeListeners = 0;
  const add = dom.addEventListener.bind(dom);
  const remove = dom.removeEventListener.bind(dom);
  dom.addEventListener = (type: string, ...rest: Parameters<typeof add> extends [string, ...infer R] ? R : never) => {
    if (type === "resize") resizeListeners++;
    return add(type, ...rest);
  };
  dom.removeEventListener = (type: string, ...rest: Parameters<typeof remove> extends [string, ...infer R] ? R : never) => {
    if (type === "resize") resizeListeners--;
    return remove(type, ...rest);
  };
  for (let i = 0; i < 10; i++) {
    const container = dom.document.createElement("div");
    dom.document.body.appendChild(container);
    const root = createRoot(container as unknown as Element);
    flushSync(() => root.render(<WindowWidth />));
    await new Promise((resolve) => setTimeout(resolve, 5));
    flushSync(() => root.unmount());
    container.remove();
  }
  console.log("10 components mounted and unmounted");
  await dom.happyDOM.close();
  return { windowListeners: resizeListeners };
}
