import type { Request, User } from "./types.js";

// Leak: every request ever seen stays in this map, with its user.
const userByRequest = new Map<Request, User>();

// String keys can never be weak: it only grows, so it is reported (manual), never rewritten.
const usersById = new Map<string, User>();

export function register(user: User): void {
  usersById.set(user.id, user);
}

export function userOf(req: Request): User | undefined {
  const cached = userByRequest.get(req);
  if (cached) return cached;
  const user = usersById.get(req.headers["x-user"] ?? "");
  if (user) userByRequest.set(req, user);
  return user;
}
