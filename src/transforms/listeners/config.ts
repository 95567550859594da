/**
 * The keys listeners owns in `leakmod.config.json`, validated with zod; the JSON Schema
 * (leakmod.config.schema.json, `npm run docs`) is generated from them.
 */
import { zod } from "../../engine/zod.js";

const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const NAMES = 'must be an array of names such as "appBus" or "store.events"';

/** Built when a configuration is read (see src/engine/zod.ts). */
export function listenersConfig() {
  const { z } = zod();
  return {
    longLived: z
      .array(z.string({ error: NAMES }).regex(IDENTIFIER_PATH, { error: NAMES }), { error: NAMES })
      .optional()
      .describe("Targets of listeners that live as long as the program, as written: `appBus`, `store.events`."),
  };
}
