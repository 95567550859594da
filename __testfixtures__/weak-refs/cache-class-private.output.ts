export interface Request {
  url: string;
}

export class Router {
  private readonly routes = new WeakMap<Request, string>(); // REPORT: object-keyed-cache safe
  #parsed: WeakMap<Request, URL> = new WeakMap(); // REPORT: object-keyed-cache safe

  route(req: Request): string {
    const hit = this.routes.get(req);
    if (hit !== undefined) return hit;
    const path = this.parse(req).pathname;
    this.routes.set(req, path);
    return path;
  }

  private parse(req: Request): URL {
    let url = this.#parsed.get(req);
    if (!url) {
      url = new URL(req.url, "http://localhost");
      this.#parsed.set(req, url);
    }
    return url;
  }
}
