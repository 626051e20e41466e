#!/usr/bin/env node
// Renders the app icons (PNG) from public/favicon.svg in headless Chromium. Run once after
// changing the SVG; the PNGs are committed. CHROMIUM_PATH overrides /usr/bin/chromium.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const svg = readFileSync('public/favicon.svg', 'utf8')
const targets = [
  { file: 'public/icon-192.png', size: 192, padding: 0 },
  { file: 'public/icon-512.png', size: 512, padding: 0 },
  { file: 'public/apple-touch-icon.png', size: 180, padding: 0 },
  // maskable: the artwork inside the 80% safe zone, on a full-bleed background
  { file: 'public/icon-maskable-512.png', size: 512, padding: 0.1, background: '#1f3a5f' },
]
const profile = mkdtempSync(join(tmpdir(), 'icons-'))
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const page = browser.pages()[0] ?? (await browser.newPage())
  for (const target of targets) {
    await page.setViewportSize({ width: target.size, height: target.size })
    const inset = Math.round(target.size * target.padding)
    const art = target.padding ? svg.replace('rx="112"', 'rx="0"') : svg
    await page.setContent(`<html><body style="margin:0;background:${target.background ?? 'transparent'}">
      <div style="width:${target.size}px;height:${target.size}px;box-sizing:border-box;padding:${inset}px">${art.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body></html>`)
    await page.screenshot({ path: target.file, omitBackground: !target.background })
    console.log(`wrote ${target.file}`)
  }
} finally {
  await browser.close()
  rmSync(profile, { recursive: true, force: true })
}
