// Branded primitives are primitives at run time: a WeakMap would throw on them.
type UserId = string & { readonly __brand: "UserId" };
type Snowflake = bigint & { readonly __brand: "Snowflake" };

interface Profile {
  name: string;
}

const profiles = new Map<UserId, Profile>();
const messages = new Map<Snowflake, string>();

export function profile(id: UserId): Profile | undefined {
  return profiles.get(id);
}

export function remember(id: UserId, p: Profile, m: Snowflake): void {
  profiles.set(id, p);
  messages.set(m, p.name);
}
