interface Req {
  method: string;
  url: string;
}
interface Res {
  status: number;
  body: string;
}

function dispatch(req: Req): Res {
  return { status: req.url === "/" ? 200 : 404, body: `${req.method} ${req.url}` };
}

export function route(req: Req): Res {
  // Every request routed, for debugging.
  const trace: string[] = []; // REPORT: accumulating-global safe
  trace.push(`${req.method} ${req.url}`);
  return dispatch(req);
}
