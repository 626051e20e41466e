import { expect, test } from 'vitest'
import { newSecret, randomId } from '../../src/doc/ids.js'

/** A list id for records that never reach a relay. */
const newListId = (): string => randomId(16)
import { parseFragment, readOnlyFragment } from '../../src/sync/access.js'
import { LINK_NAME_MAX, cleanLinkName, shareLink, splitLinkFragment } from '../../src/sync/shareLink.js'

test('a share link carries the list name after the secret, and both come back out', async () => {
  const listId = newListId()
  const secret = newSecret()
  const link = shareLink('https://lab.example', listId, secret, 'Vision group journal club')
  expect(link).toBe(`https://lab.example/l/${listId}#${secret}/Vision%20group%20journal%20club`)
  const hash = new URL(link).hash
  expect(splitLinkFragment(hash)).toEqual({ access: secret, name: 'Vision group journal club' })
  expect(parseFragment(hash)).toEqual({ fragment: secret, readOnly: false })

  const readOnly = await readOnlyFragment(secret)
  const readLink = shareLink('https://lab.example', listId, readOnly, 'Réunion / 読書会 #1')
  expect(splitLinkFragment(new URL(readLink).hash)).toEqual({ access: readOnly, name: 'Réunion / 読書会 #1' })
  expect(parseFragment(new URL(readLink).hash)).toEqual({ fragment: readOnly, readOnly: true })
})

test('old links without a name keep working, and an unnamed list makes a link without one', () => {
  const secret = newSecret()
  expect(splitLinkFragment(secret)).toEqual({ access: secret, name: '' })
  expect(splitLinkFragment(`#${secret}`)).toEqual({ access: secret, name: '' })
  expect(parseFragment(secret)).toEqual({ fragment: secret, readOnly: false })
  expect(shareLink('https://x', 'id', secret, '   ')).toBe(`https://x/l/id#${secret}`)
})

test('the name in a link is untrusted: controls and direction overrides go, length is capped, bad escapes give no name', () => {
  const secret = newSecret()
  expect(splitLinkFragment(`${secret}/${encodeURIComponent('Evil\u202Egnp.exe\u0000\nclub')}`).name).toBe('Evil gnp.exe club')
  expect(splitLinkFragment(`${secret}/%E0%A4%A`).name).toBe('')
  const long = splitLinkFragment(`${secret}/${encodeURIComponent('x'.repeat(10_000))}`).name
  expect(long).toHaveLength(LINK_NAME_MAX)
  expect([...cleanLinkName('🙂'.repeat(200))]).toHaveLength(LINK_NAME_MAX)
  // a name never makes a bad secret valid
  expect(parseFragment(`not-a-secret/${encodeURIComponent('Club')}`)).toBeNull()
  expect(splitLinkFragment(`${secret}/<img src=x onerror=alert(1)>`).name).toBe('<img src=x onerror=alert(1)>')
})
