import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inputFiles, inputsHash, staleReason, writeStamp } from '../scripts/buildStamp.mjs'

describe('the build stamp behind npm start', () => {
  let root: string
  const put = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'shortlist-stamp-'))
    put('src/main.tsx', 'render()')
    put('server/main.ts', 'listen()')
    put('index.html', '<div id="app"></div>')
    put('package-lock.json', '{}')
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))
  const build = () => {
    put('dist/index.html', 'built')
    put('build/server/main.js', 'built')
    writeStamp(root)
  }

  it('builds a fresh clone: no outputs, no stamp', () => {
    expect(staleReason(root)).toBe('dist/index.html is missing')
  })

  it('skips the build when nothing changed since the last one', () => {
    build()
    expect(staleReason(root)).toBeNull()
  })

  it('rebuilds when a source, the lock file or a new file changes the inputs', () => {
    build()
    put('src/main.tsx', 'render(2)')
    expect(staleReason(root)).toBe('inputs changed since the last build')
    build()
    put('package-lock.json', '{"lockfileVersion":3}')
    expect(staleReason(root)).toBe('inputs changed since the last build')
    build()
    put('src/ui/New.tsx', 'export {}')
    expect(staleReason(root)).toBe('inputs changed since the last build')
  })

  it('rebuilds when an output is gone or the stamp is missing', () => {
    build()
    rmSync(path.join(root, 'build/server/main.js'))
    expect(staleReason(root)).toBe('build/server/main.js is missing')
    build()
    rmSync(path.join(root, 'build/.inputs.sha256'))
    expect(staleReason(root)).toBe('no build stamp')
  })

  it('hashes paths as well as bytes, and ignores what the build writes', () => {
    const before = inputsHash(root)
    put('dist/other.js', 'output')
    expect(inputsHash(root)).toBe(before)
    rmSync(path.join(root, 'src/main.tsx'))
    put('src/Main.tsx', 'render()')
    expect(inputsHash(root)).not.toBe(before)
    expect(inputFiles(root)).toEqual(['index.html', 'package-lock.json', 'server/main.ts', 'src/Main.tsx'])
  })
})
