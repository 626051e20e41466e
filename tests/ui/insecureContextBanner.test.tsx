/**
 * The plain-HTTP banner: shown only outside a secure context, links to the README's HTTPS
 * section, and once dismissed stays hidden on this device.
 */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library'
import { afterEach, expect, test } from 'vitest'
import { HTTPS_HELP_URL, InsecureContextBanner } from '../../src/ui/components/InsecureContextBanner.js'
import { MemoryStorage } from '../helpers/browserStorage.js'

afterEach(cleanup)

test('outside a secure context it says what works and what needs HTTPS, and links to the README section', () => {
  render(() => <InsecureContextBanner secure={false} storage={new MemoryStorage()} />)
  const banner = screen.getByRole('note')
  expect(banner.textContent).toContain('Sync works')
  expect(banner.textContent).toContain('offline and installing it to the home screen need HTTPS')
  const link = screen.getByRole('link', { name: 'How to serve Shortlist over HTTPS' })
  expect(link.getAttribute('href')).toBe(HTTPS_HELP_URL)
  expect(HTTPS_HELP_URL).toMatch(/README.*\.md#plain-http-and-https$/)
})

test('in a secure context it is not shown', () => {
  render(() => <InsecureContextBanner secure={true} storage={new MemoryStorage()} />)
  expect(screen.queryByRole('note')).toBeNull()
})

test('dismissed once, it stays hidden on this device', () => {
  const storage = new MemoryStorage()
  const first = render(() => <InsecureContextBanner secure={false} storage={storage} />)
  fireEvent.click(screen.getByRole('button', { name: 'Got it' }))
  expect(screen.queryByRole('note')).toBeNull()
  first.unmount()
  render(() => <InsecureContextBanner secure={false} storage={storage} />)
  expect(screen.queryByRole('note')).toBeNull()
})
