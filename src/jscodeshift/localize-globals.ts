import { localizeGlobals } from "../transforms/localize-globals/index.js";
import { toJscodeshift } from "./adapter.js";

export default toJscodeshift(localizeGlobals);
