/**
 * HKDF-SHA-256 and SHA-256 in plain JavaScript (`@noble/hashes`), for pages that are not a
 * secure context (a lab server at `http://labserver:8080`): there the browser has no
 * `crypto.subtle`. Same outputs as WebCrypto, byte for byte. Loaded only when needed.
 */
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { AccessCrypto } from './accessCrypto.js'

/** The pure-JS access crypto: what `loadAccessCrypto` uses when WebCrypto is missing. */
export const pureAccessCrypto: AccessCrypto = {
  hkdf: async (key, salt, info) => hkdf(sha256, key, salt, info, 32),
  sha256: async (data) => sha256(data),
}
