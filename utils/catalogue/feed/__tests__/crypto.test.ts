import { describe, expect, it } from 'vitest';
import { fromBase64, generateKeyPair, importPrivateKey, keyIdOf, parsePublicKey, sign, toBase64, verifySignature } from '../crypto';
import { FeedError } from '../errors';

const utf8 = new TextEncoder();

describe('feed crypto', () => {
  it('signs with the private key and verifies with the pasted public key; any other byte or key fails', async () => {
    const pair = await generateKeyPair();
    expect(pair.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const { privateKey, publicKey } = await importPrivateKey(pair.privateKeyPem);
    expect(publicKey).toBe(pair.publicKey);
    const signature = await sign(privateKey, '{"version":7}');
    const key = parsePublicKey(` ${pair.publicKey.slice(0, 20)}\n${pair.publicKey.slice(20)} `);
    expect(await verifySignature(key, signature, utf8.encode('{"version":7}'))).toBe(true);
    expect(await verifySignature(key, signature, utf8.encode('{"version":8}'))).toBe(false);
    const other = parsePublicKey((await generateKeyPair()).publicKey);
    expect(await verifySignature(other, signature, utf8.encode('{"version":7}'))).toBe(false);
    expect(await verifySignature(key, 'not base64!', utf8.encode('{"version":7}'))).toBe(false);
    expect(await verifySignature(key, toBase64(new Uint8Array(64)), utf8.encode('{"version":7}'))).toBe(false);
  });

  it('names a key by a stable 16-hex-digit fingerprint', async () => {
    const key = parsePublicKey((await generateKeyPair()).publicKey);
    const id = await keyIdOf(key);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(await keyIdOf(key)).toBe(id);
  });

  it('also reads the key as SPKI, in base64 or as a PEM block, as other tools and policies write it', async () => {
    const { createPublicKey } = await import('node:crypto');
    const pair = await generateKeyPair();
    const { publicKey } = await importPrivateKey(pair.privateKeyPem);
    const spki = createPublicKey(pair.privateKeyPem).export({ format: 'der', type: 'spki' });
    const pem = createPublicKey(pair.privateKeyPem).export({ format: 'pem', type: 'spki' }) as string;
    expect(spki.toString('base64')).toMatch(/^MCowBQYDK2VwAyEA/);
    expect(toBase64(parsePublicKey(spki.toString('base64')))).toBe(publicKey);
    expect(toBase64(parsePublicKey(pem))).toBe(publicKey);
  });

  it.each([
    ['empty', ''],
    ['SPKI of another algorithm (a 44-byte key that is not Ed25519)', toBase64(Uint8Array.from({ length: 44 }, (_, i) => i))],
    ['not base64', 'this is not a key at all, really not'],
    ['too short', toBase64(new Uint8Array(16))],
    ['too long', toBase64(new Uint8Array(33))],
    ['a PEM', '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----'],
  ])('refuses a public key that is %s with keyInvalid', (_, text) => {
    expect(() => parsePublicKey(text)).toThrow(FeedError);
    try {
      parsePublicKey(text);
    } catch (error) {
      expect((error as FeedError).problem.code).toBe('keyInvalid');
    }
  });

  it('refuses a private key that is not Ed25519 PKCS#8 PEM', async () => {
    await expect(importPrivateKey('hello')).rejects.toThrow(/PEM private key/);
    await expect(importPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).rejects.toThrow(/Ed25519/);
  });

  it('round-trips base64 and rejects what is not', () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => i % 256);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(fromBase64('abc')).toBeUndefined();
    expect(fromBase64('ab$=')).toBeUndefined();
  });
});
