import { usingResources } from "../transforms/using-resources/index.js";
import { toJscodeshift } from "./adapter.js";

export default toJscodeshift(usingResources);
