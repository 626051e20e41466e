/**
 * The two primitives access needs (HKDF-SHA-256 and SHA-256), from WebCrypto where the page
 * has it and from a pure-JS module otherwise. WebCrypto's `crypto.subtle` exists only in a
 * secure context (HTTPS or localhost); a lab serving Shortlist at `http://labserver:8080`
 * still gets working sync. The fallback is a separate chunk, fetched only on such pages.
 */

/** HKDF-SHA-256 (32 bytes out) and SHA-256, asynchronous like WebCrypto. */
export interface AccessCrypto {
  hkdf(key: Uint8Array, salt: Uint8Array, info: Uint8Array): Promise<Uint8Array>
  sha256(data: Uint8Array): Promise<Uint8Array>
}

/** WebCrypto's HKDF and SHA-256. Only usable where `crypto.subtle` exists. */
export const webAccessCrypto: AccessCrypto = {
  async hkdf(key, salt, info) {
    const subtle = globalThis.crypto.subtle
    const material = await subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits'])
    const bits = await subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, info: info as Uint8Array<ArrayBuffer> },
      material,
      256,
    )
    return new Uint8Array(bits)
  },
  async sha256(data) {
    return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>))
  },
}

/** True when this page has WebCrypto's `subtle` API (a secure context, or Node). */
export const hasWebCrypto = (): boolean => typeof globalThis.crypto?.subtle?.deriveBits === 'function'

/** WebCrypto when the page has it; otherwise the pure-JS fallback, loaded on first use. */
export async function loadAccessCrypto(): Promise<AccessCrypto> {
  if (hasWebCrypto()) return webAccessCrypto
  return (await import('./pureAccessCrypto.js')).pureAccessCrypto
}
