// Generated from src/transforms/registry.ts by `npm run docs`: do not edit.
// jscodeshift runs transform modules through Babel by default: turn that off first (see no-babel.ts).
import "./no-babel.js";
import { usingResources } from "../transforms/using-resources/index.js";
import { toJscodeshift } from "./adapter.js";

/** The parser jscodeshift should use for `api.jscodeshift` (leakmod itself reads `file.source`). */
export const parser = "ts";

export default toJscodeshift(usingResources);
