export default { input: "src/size.ts", platform: "node" };
