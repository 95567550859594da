/**
 * The keys listeners owns in `leakmod.config.json`, validated with zod; the JSON Schema
 * (leakmod.config.schema.json, `npm run docs`) is generated from them.
 */
import { z } from "zod";

const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const NAMES = 'must be an array of names such as "appBus" or "store.events"';

export const listenersConfig = {
  longLived: z
    .array(z.string({ error: NAMES }).regex(IDENTIFIER_PATH, { error: NAMES }), { error: NAMES })
    .optional()
    .describe("Targets of listeners that live as long as the program, as written: `appBus`, `store.events`."),
};
