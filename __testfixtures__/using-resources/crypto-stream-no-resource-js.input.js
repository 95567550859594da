// The crypto streams of crypto-stream-no-resource.input.ts in plain JavaScript: async `Disposable`
// streams by type that hold no OS resource,
// nothing reported; a zlib stream still is one.
import crypto from "node:crypto";
import zlib from "node:zlib";

export function sha256(input) {
  const hash = crypto.createHash("sha256"); // OK: a Hash holds no OS resource
  hash.update(input, "utf8");
  return hash.digest("hex");
}

export function decrypt(key, iv, data) {
  const decipher = crypto.createDecipheriv("aes-256-cbc", key, iv); // OK: a Decipheriv holds no OS resource
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

export function inflated(data) {
  const gunzip = zlib.createGunzip(); // REPORT: unreleased-resource manual
  gunzip.write(data);
  return gunzip.bytesWritten;
}
