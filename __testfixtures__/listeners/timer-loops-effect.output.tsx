import { useEffect, useState } from "react";

export function Spinner() {
  const [angle, setAngle] = useState(0);
  useEffect(() => {
    const frame = () => {
      setAngle((a) => a + 1);
      requestAnimationFrame(frame); // REPORT: leaked-timer manual
    };
    requestAnimationFrame(frame); // OK: starts the loop, does not re-arm it
  }, []);
  return <span>{angle}</span>;
}

export function Cancelled() {
  const [angle, setAngle] = useState(0);
  useEffect(() => {
    let id = 0;
    const frame = () => {
      setAngle((a) => a + 1);
      id = requestAnimationFrame(frame); // OK: cancelled in the cleanup
    };
    id = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(id);
  }, []);
  return <span>{angle}</span>;
}
