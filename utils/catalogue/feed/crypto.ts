import { feedError } from './errors';

/*
 * Ed25519 and SHA-256 through WebCrypto, which Chrome (137+), Firefox (129+) and Node (20+) all
 * have: the extension verifies with exactly the code the CLI signs and checks with.
 */

const ED25519 = { name: 'Ed25519' } as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextEncoder();

/** Raw bytes as base64 (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64 to bytes; undefined when the text is not base64. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64.test(text) || text.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

const toHex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of bytes (or of a string's UTF-8), as 64 lower-case hex digits. */
export async function sha256Hex(data: Uint8Array<ArrayBuffer> | string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? utf8.encode(data) : data));
}

/** DER header of an Ed25519 SubjectPublicKeyInfo: what precedes the 32 key bytes in SPKI and PEM. */
const SPKI_ED25519_HEADER = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/**
 * Reads a public key as admins paste it: the raw 32-byte Ed25519 key in base64 (what
 * `trailmark feed keygen` prints), or the same key as SPKI in base64 or a PEM block
 * (`-----BEGIN PUBLIC KEY-----`), as other tools and policies write it. Spaces and line breaks
 * are ignored.
 */
export function parsePublicKey(text: string): Uint8Array<ArrayBuffer> {
  const body = text.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  const bytes = fromBase64(body);
  if (bytes?.length === 32) return bytes;
  if (bytes?.length === 44 && SPKI_ED25519_HEADER.every((byte, i) => bytes[i] === byte)) return bytes.slice(12);
  throw feedError('keyInvalid');
}

/** A short fingerprint of a public key: the first 8 bytes of its SHA-256, in hex. */
export async function keyIdOf(publicKey: Uint8Array<ArrayBuffer>): Promise<string> {
  return (await sha256Hex(publicKey)).slice(0, 16);
}

/** True when `signature` (base64) is a valid Ed25519 signature of `message` under `publicKey`. */
export async function verifySignature(
  publicKey: Uint8Array<ArrayBuffer>,
  signature: string,
  message: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const signatureBytes = fromBase64(signature);
  if (!signatureBytes || signatureBytes.length !== 64) return false;
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', publicKey, ED25519, false, ['verify']);
  } catch (error) {
    // Ed25519 came to WebCrypto in Chrome 137 and Firefox 129; an older browser cannot check.
    if ((error as { name?: string }).name === 'NotSupportedError') throw feedError('unsupported');
    throw error;
  }
  return crypto.subtle.verify(ED25519, key, signatureBytes, message);
}

/** Signs the UTF-8 bytes of `message`; the signature in base64. */
export async function sign(privateKey: CryptoKey, message: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, utf8.encode(message))));
}

/** A new key pair: the public key as one base64 line, the private key as PKCS#8 PEM. */
export async function generateKeyPair(): Promise<{ publicKey: string; privateKeyPem: string }> {
  const pair = (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const lines = toBase64(pkcs8).match(/.{1,64}/g) ?? [];
  return { publicKey: toBase64(raw), privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n` };
}

/**
 * Reads a PKCS#8 PEM private key; also returns its public key (base64), so a feed can name the key
 * it was signed with. Throws a plain Error when the text is not an Ed25519 private key.
 */
export async function importPrivateKey(pem: string): Promise<{ privateKey: CryptoKey; publicKey: string }> {
  const body = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem)?.[1]?.replace(/\s+/g, '');
  const der = body ? fromBase64(body) : undefined;
  if (!der) throw new Error('not a PEM private key (expected "-----BEGIN PRIVATE KEY-----")');
  let extractable: CryptoKey;
  try {
    extractable = await crypto.subtle.importKey('pkcs8', der, ED25519, true, ['sign']);
  } catch {
    throw new Error('not an Ed25519 private key');
  }
  // The JWK of an Ed25519 private key carries its public half as `x` (base64url).
  const { x } = await crypto.subtle.exportKey('jwk', extractable);
  const publicKey = fromBase64(base64urlToBase64(x ?? ''));
  if (!publicKey || publicKey.length !== 32) throw new Error('not an Ed25519 private key');
  const privateKey = await crypto.subtle.importKey('pkcs8', der, ED25519, false, ['sign']);
  return { privateKey, publicKey: toBase64(publicKey) };
}

function base64urlToBase64(text: string): string {
  const plain = text.replace(/-/g, '+').replace(/_/g, '/');
  return plain + '='.repeat((4 - (plain.length % 4)) % 4);
}
