/** leakmod.config.json: validated against the registry's schema; a bad one is one line naming the key. */
import { describe, expect, it } from "vitest";
import { validateLeakmodConfig } from "../src/config.js";

const entry = { factory: "db.acquire", cleanup: "release", style: "method" };

describe("leakmod.config.json validation", () => {
  it("accepts the documented shape, with $schema", () => {
    const config = {
      $schema: "./node_modules/leakmod/leakmod.config.schema.json",
      resources: [{ ...entry, async: true }],
    };
    expect(validateLeakmodConfig(config, "leakmod.config.json")).toEqual(config);
    expect(validateLeakmodConfig({}, "leakmod.config.json")).toEqual({});
    const rules = {
      rules: { "weak-refs/back-reference": "off", "using-resources": { fix: "unsafe" } },
      ignore: ["src/generated/**"],
      overrides: [{ files: ["test/**"], rules: { "localize-globals": "off" } }],
    };
    expect(validateLeakmodConfig(rules, "leakmod.config.json")).toEqual(rules);
  });

  it.each([
    [[], "expected a JSON object"],
    [{ frob: 1 }, 'unknown key "frob" (known: rules, ignore, overrides, resources, runtime, longLived)'],
    [{ resources: {} }, "resources must be an array"],
    [
      { rules: { "weak-refs/nope": "off" } },
      "rules.weak-refs/nope is not a finding kind or transform (see leakmod rules)",
    ],
    [{ rules: { "weak-refs": { fix: "safest" } } }, 'rules.weak-refs must be "on", "off", or { "fix":'],
    [{ ignore: "src/**" }, "ignore must be an array of globs"],
    [{ overrides: [{ rules: {} }] }, "overrides[0].files must be an array of globs"],
    [{ resources: [{ factory: "db.open" }] }, "resources[0].cleanup is required"],
    [{ resources: [{ ...entry, style: "methods" }] }, 'resources[0].style must be "method" or "function"'],
    [{ resources: [{ ...entry, factory: "a b" }] }, 'resources[0].factory must be a callee such as "fs.openSync"'],
    [{ resources: [entry, { ...entry, async: "yes" }] }, "resources[1].async must be true or false"],
    [
      { resources: [{ ...entry, x: 1 }] },
      'resources[0]: unknown key "x" (known: factory, cleanup, style, async, scoped)',
    ],
  ])("%j: %s", (config, message) => {
    expect(() => validateLeakmodConfig(config, "leakmod.config.json")).toThrow(
      `invalid leakmod.config.json: ${message}`,
    );
  });
});
