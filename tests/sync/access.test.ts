/**
 * Access derivation: WebCrypto and the pure-JS fallback (used where a page is not a secure
 * context) give the same tokens, claims and list ids, byte for byte; the relay's own
 * derivation of a list id from a write token agrees with the app's.
 */
import { createHash, hkdfSync } from 'node:crypto'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { listIdForToken } from '../../server/relay/accessCheck.js'
import { LIST_ID_PATTERN, SECRET_PATTERN, newSecret } from '../../src/doc/ids.js'
import { CLAIM_PREFIX, SYNC_SUBPROTOCOL, TOKEN_PREFIX } from '../../src/protocol/access.js'
import { accessProtocols, hashToken, listIdFor, listIdMatchesSecret, newListLink, parseFragment, readOnlyFragment } from '../../src/sync/access.js'
import { hasWebCrypto, loadAccessCrypto, webAccessCrypto, type AccessCrypto } from '../../src/sync/accessCrypto.js'
import { pureAccessCrypto } from '../../src/sync/pureAccessCrypto.js'

/** A fixed write secret (bytes 0..31), so the expected values below never change. */
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'

/** The same derivation written with Node's own HKDF and SHA-256: a third, independent implementation. */
function nodeDerivation(secret: string) {
  const hkdf = (key: string, info: string) => Buffer.from(hkdfSync('sha256', Buffer.from(key, 'base64url'), Buffer.from('shortlist'), Buffer.from(info), 32)).toString('base64url')
  const readSecret = hkdf(secret, 'read')
  const writeToken = hkdf(secret, 'write-token')
  const readToken = hkdf(readSecret, 'read-token')
  return {
    readOnly: `ro-${readSecret}`,
    writeToken,
    readToken,
    claim: createHash('sha256').update(readToken).digest('base64url'),
    listId: createHash('sha256').update(`shortlist-list-id.${writeToken}`).digest().subarray(0, 16).toString('base64url'),
  }
}

async function derive(secret: string, primitives: AccessCrypto) {
  const readOnly = await readOnlyFragment(secret, primitives)
  return {
    readOnly,
    writer: await accessProtocols(parseFragment(secret)!, primitives),
    reader: await accessProtocols(parseFragment(readOnly)!, primitives),
    listId: await listIdFor(secret, primitives),
    hash: await hashToken('some token', primitives),
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('access derivation', () => {
  test('a fixed secret gives the pinned read-only link, tokens, claim and list id (stored lists depend on them)', async () => {
    const expected = nodeDerivation(SECRET)
    expect(expected).toEqual({
      readOnly: 'ro-SAOGB1wf5SX9U7KPfSY2EbweOFP3yUe0ySHjZKq-L2Q',
      writeToken: 'ErbRwBOoP5uOYpBzpyuiB4ZS4m_1Im9gkpopK_7NgH4',
      readToken: 'B9H7wNuLCASFBQfK6kYdceHVMUX1bh6obUPGseQi1w0',
      claim: 'UPepMq3jKcBmteTIIpMZEvp3joHSq4Rkv1O4-97iQ-k',
      listId: 'EjzJtWum59j7iQyZHRvYaQ',
    })
    for (const primitives of [webAccessCrypto, pureAccessCrypto]) {
      const got = await derive(SECRET, primitives)
      expect(got.readOnly).toBe(expected.readOnly)
      expect(got.writer).toEqual([SYNC_SUBPROTOCOL, TOKEN_PREFIX + expected.writeToken, CLAIM_PREFIX + expected.claim])
      expect(got.reader).toEqual([SYNC_SUBPROTOCOL, TOKEN_PREFIX + expected.readToken])
      expect(got.listId).toBe(expected.listId)
    }
  })

  test('WebCrypto and the pure-JS fallback agree on 50 random secrets', async () => {
    for (let i = 0; i < 50; i++) {
      const secret = newSecret()
      const [web, pure] = await Promise.all([derive(secret, webAccessCrypto), derive(secret, pureAccessCrypto)])
      expect(pure).toEqual(web)
      expect(web.listId).toBe(nodeDerivation(secret).listId)
    }
  })

  test("the relay's list id for a write token is the app's list id for the secret", async () => {
    for (let i = 0; i < 20; i++) {
      const { listId, fragment } = await newListLink()
      expect(listId).toMatch(LIST_ID_PATTERN)
      expect(fragment).toMatch(SECRET_PATTERN)
      const writeToken = (await accessProtocols(parseFragment(fragment)!))[1]!.slice(TOKEN_PREFIX.length)
      expect(listIdForToken(writeToken)).toBe(listId)
    }
  })

  test('a list id matches only its own write secret; a read-only link cannot tell', async () => {
    const { listId, fragment } = await newListLink()
    expect(await listIdMatchesSecret(listId, parseFragment(fragment)!)).toBe(true)
    expect(await listIdMatchesSecret(listId, parseFragment(newSecret())!)).toBe(false)
    expect(await listIdMatchesSecret(listId, parseFragment(await readOnlyFragment(fragment))!)).toBeNull()
  })
})

describe('where the page has no crypto.subtle (plain HTTP)', () => {
  test('the fallback is chosen and gives the same protocols and list id', async () => {
    const expected = await derive(SECRET, webAccessCrypto)
    // What a page served over plain HTTP sees: getRandomValues, but no subtle.
    vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) })
    expect(hasWebCrypto()).toBe(false)
    expect(await loadAccessCrypto()).toBe(pureAccessCrypto)
    expect(await accessProtocols(parseFragment(SECRET)!)).toEqual(expected.writer)
    expect(await listIdFor(SECRET)).toBe(expected.listId)
    const link = await newListLink()
    vi.unstubAllGlobals()
    expect(await listIdFor(link.fragment, webAccessCrypto)).toBe(link.listId)
  })

  test('with WebCrypto present, WebCrypto is used', async () => {
    expect(hasWebCrypto()).toBe(true)
    expect(await loadAccessCrypto()).toBe(webAccessCrypto)
  })
})
