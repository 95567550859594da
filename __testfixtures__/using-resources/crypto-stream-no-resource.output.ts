// Node's crypto streams (`Hash`, `Hmac`, `Cipheriv`, `Decipheriv`, `Sign`, `Verify`) are
// Transform or Writable streams, so async `Disposable` by type, but they hold no
// OS resource: used through update()/digest() they need no release. zlib streams are not among
// them: a zlib stream holds a native context until it is closed or ends.
import crypto from "node:crypto";
import zlib from "node:zlib";

export function sha1(input: string): string {
  const hash = crypto.createHash("sha1"); // OK: a Hash holds no OS resource
  hash.update(input, "utf8");
  return hash.digest("hex");
}

export function sign(key: string, data: string): string {
  const hmac = crypto.createHmac("sha256", key); // OK: an Hmac holds no OS resource
  hmac.update(data);
  return hmac.digest("base64");
}

export function encrypt(key: Buffer, iv: Buffer, text: string): Buffer {
  const cipher = crypto.createCipheriv("aes-256-cbc", key, iv); // OK: a Cipheriv holds no OS resource
  return Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
}

export function deflated(data: Buffer): number {
  const gzip = zlib.createGzip(); // REPORT: unreleased-resource manual
  gzip.write(data);
  return gzip.bytesWritten;
}
