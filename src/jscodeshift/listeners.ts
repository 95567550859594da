import { listeners } from "../transforms/listeners/index.js";
import { toJscodeshift } from "./adapter.js";

export default toJscodeshift(listeners);
