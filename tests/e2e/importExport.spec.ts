import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { enterName, openAddSheet, openBrowser, openExport, openWithNewList, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

const samplePage = readFileSync('tests/fixtures/io/papers-page-sample.txt', 'utf8')
const bibWithOneBadEntry = `@article{good2020,
  title = {A Good Entry},
  author = {Lovelace, Ada},
  year = {2020},
  doi = {10.1000/good.1}
}

@misc{bad,
  title = {This one never closes,
  year = {2021}

@misc{fine2021,
  title = {Another Fine Entry},
  eprint = {2101.00001},
  archivePrefix = {arXiv}
}
`

test('paste a page and a BibTeX file, export BibTeX and a backup, restore the backup as a new list', async () => {
  let browser: TestBrowser | undefined
  try {
    browser = (await openWithNewList(relay.url, 'Reading group', { phone: false })).browser
    const { page } = browser
    const rows = page.locator('article.paper-row')
    const addBox = page.getByLabel(/arXiv id, DOI or link/)
    const summary = page.getByTestId('import-summary')

    // a copied page of papers: previewed, then added in one go
    await openAddSheet(page)
    await addBox.fill(samplePage)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => summary.textContent()).toContain('12 new, 0 already in the list, 0 skipped')
    expect(await page.getByRole('list', { name: 'Papers to add' }).locator('li').count()).toBe(12)
    await page.getByRole('button', { name: 'Add 12 papers' }).click()
    await expect.poll(() => rows.count()).toBe(12)
    // the sheet closes and the first paper of the import is shown, highlighted
    await page.getByRole('dialog', { name: 'Add papers' }).waitFor({ state: 'detached' })
    await page.locator('article.paper-row.just-shown').waitFor()
    await rows.filter({ hasText: 'CoPS: Conditional Prompt Synthesis for Zero-Shot Anomaly Detection' }).waitFor()

    // BibTeX with a broken entry: the others come in, the broken one is named with its reason
    await openAddSheet(page)
    await addBox.fill(bibWithOneBadEntry)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => summary.textContent()).toContain('2 new, 0 already in the list, 1 skipped')
    const skipped = page.locator('.import-skipped li')
    expect(await skipped.count()).toBe(1)
    expect(await skipped.textContent()).toMatch(/Line 8: The entry's braces do not balance/)
    await page.getByRole('button', { name: 'Add 2 papers' }).click()
    await expect.poll(() => rows.count()).toBe(14)

    // exports download files named after the list
    await openExport(page)
    const [bibDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^BibTeX/ }).click()])
    expect(bibDownload.suggestedFilename()).toBe('Reading-group.bib')
    const bib = readFileSync((await bibDownload.path())!, 'utf8')
    expect(bib.match(/^@\w+\{/gm)).toHaveLength(14)
    expect(bib).toMatch(/title\s+= \{A Good Entry\}/)

    await openExport(page)
    const [backupDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Full backup/ }).click()])
    expect(backupDownload.suggestedFilename()).toMatch(/^Reading-group-backup-\d{4}-\d{2}-\d{2}\.json$/)
    const backupPath = (await backupDownload.path())!
    const backup = JSON.parse(readFileSync(backupPath, 'utf8')) as { format: string; version: number; maps: { meta: { name: string } } }
    expect(backup).toMatchObject({ format: 'shortlist-list-backup', version: 2, maps: { meta: { name: 'Reading group' } } })
    const originalUrl = page.url()
    const originalTitles = (await page.locator('article.paper-row .paper-title').allTextContents()).sort()
    expect(originalTitles).toHaveLength(14)

    // a file that is not a backup is refused with a clear reason, and no list is made
    await page.getByRole('link', { name: 'My lists' }).click()
    await page.getByLabel('Restore from backup').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') })
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not a usable Shortlist backup')
    expect(await page.locator('.list-cards li').count()).toBe(1)

    // the backup restores as a new list with the same papers, named as a restored copy
    await page.getByLabel('Restore from backup').setInputFiles(backupPath)
    await page.getByRole('heading', { name: /^Reading group \(restored \d{4}-\d{2}-\d{2}\)$/, level: 1 }).waitFor()
    expect(page.url()).not.toBe(originalUrl)
    await expect.poll(() => rows.count()).toBe(14)
    expect((await page.locator('article.paper-row .paper-title').allTextContents()).sort()).toEqual(originalTitles)
    await page.getByRole('link', { name: 'My lists' }).click()
    await expect.poll(() => page.locator('.list-cards li').count()).toBe(2)
  } finally {
    await browser?.close()
  }
})

test('a share from another app opens the chosen list with the Add box filled in', async () => {
  let browser: TestBrowser | undefined
  try {
    browser = await openBrowser({ phone: true })
    const { page } = browser
    // no lists yet: the share page offers to make one
    await page.goto(`${relay.url}/share?title=${encodeURIComponent('A paper')}&text=${encodeURIComponent('Worth reading')}&url=${encodeURIComponent('https://arxiv.org/abs/2401.12345')}`)
    await enterName(page, 'Grace')
    await page.getByRole('heading', { name: 'Add to Shortlist' }).waitFor()
    expect(await page.getByLabel('Shared text').textContent()).toBe('Worth reading\nhttps://arxiv.org/abs/2401.12345')
    await page.getByLabel('New list name').fill('Shared finds')
    await page.getByRole('button', { name: 'Create' }).click()
    await page.getByRole('heading', { name: 'Shared finds', level: 1 }).waitFor()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toContain('1 new, 0 already in the list, 0 skipped')
    await page.getByRole('button', { name: 'Add 1 paper' }).click()
    await expect.poll(() => page.locator('article.paper-row').count()).toBe(1)

    // with lists on the device, the last opened one is preselected
    await page.goto(`${relay.url}/share?text=${encodeURIComponent('doi:10.1145/3580305.3599256')}`)
    await page.getByRole('heading', { name: 'Add to Shortlist' }).waitFor()
    expect(await page.getByRole('radio', { name: 'Shared finds' }).isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toContain('1 new, 0 already in the list, 0 skipped')
  } finally {
    await browser?.close()
  }
})
