import { weakRefs } from "../transforms/weak-refs/index.js";
import { toJscodeshift } from "./adapter.js";

export default toJscodeshift(weakRefs);
