import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databasePath } from "@db/client";

// The supplier's link (decision 036): `<invitation id>.<expiry, base 36 ms>.<nonce>.<HMAC>`, the
// HMAC-SHA256 under the server's secret of the purpose and the three parts. Single-purpose (the
// purpose string is signed in, so a token made for anything else never verifies here), expiring
// (the expiry is signed, and checked against the invitation's own), and stored only as a hash.

const PURPOSE = "villagelink:quote-invitation:v1";

let cached: { key: string; secret: Buffer } | null = null;

/**
 * QUOTE_LINK_SECRET (at least 32 characters) if set; otherwise a random secret made once and kept
 * beside the database (`link-secret`, mode 0600), so every process of one installation (server,
 * worker) signs alike and restarts keep links working. Rotating it voids every link.
 */
export function linkSecret(env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.QUOTE_LINK_SECRET?.trim();
  const file = path.join(path.dirname(path.resolve(env.DATABASE_PATH ?? databasePath())), "link-secret");
  const key = fromEnv ? `env:${fromEnv}` : `file:${file}`;
  if (cached?.key === key) return cached.secret;
  let secret: Buffer;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("QUOTE_LINK_SECRET must be at least 32 characters");
    secret = Buffer.from(fromEnv, "utf8");
  } else {
    try {
      secret = Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
    } catch {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      try {
        fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
      } catch {
        // Another process made it first: read theirs.
      }
      secret = Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
    }
    if (secret.length < 32) throw new Error(`${file} does not hold a 32-byte hex secret`);
  }
  cached = { key, secret };
  return secret;
}

const mac = (payload: string) => createHmac("sha256", linkSecret()).update(`${PURPOSE}|${payload}`).digest("base64url");

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export function signInvitationToken(invitationId: string, expiresAt: number): string {
  const payload = `${invitationId}.${expiresAt.toString(36)}.${randomBytes(12).toString("base64url")}`;
  return `${payload}.${mac(payload)}`;
}

export type TokenClaim = { invitationId: string; expiresAt: number };

/** The claim of a well-formed token whose signature holds, or null (forged, altered, malformed). */
export function verifyInvitationToken(token: string): TokenClaim | null {
  if (token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  const [invitationId, expiry, nonce, signature] = parts;
  const expected = Buffer.from(mac(`${invitationId}.${expiry}.${nonce}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expiresAt = parseInt(expiry, 36);
  if (!Number.isSafeInteger(expiresAt)) return null;
  return { invitationId, expiresAt };
}
