/**
 * Module boundaries (see STYLE: the document is the model, everything else is an adapter):
 * checked on the import statements of every source file, so a violation fails the build.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

function filesUnder(dir: string, pattern: RegExp): string[] {
  const full = join(ROOT, dir)
  let entries: string[]
  try {
    entries = readdirSync(full)
  } catch {
    return []
  }
  return entries.flatMap((name) => {
    const path = join(full, name)
    if (statSync(path).isDirectory()) return filesUnder(relative(ROOT, path), pattern)
    return pattern.test(name) ? [relative(ROOT, path)] : []
  })
}

const importsOf = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((match) => match[1] ?? match[2] ?? '')

const SOURCE = /\.(ts|tsx)$/

test('src/doc imports only yjs and its own modules', () => {
  for (const file of filesUnder('src/doc', SOURCE)) {
    for (const spec of importsOf(file)) expect(`${file}: ${spec}`).toMatch(/: (yjs|\.\.?\/(?!\.\.\/)[\w./-]*|\.\.\/(ids|schema|ops|queries|limits)\.js)$/)
  }
})

test('src/io never touches Yjs, the DOM layer or sync code', () => {
  for (const file of filesUnder('src/io', SOURCE)) {
    for (const spec of importsOf(file)) expect(`${file}: ${spec}`).not.toMatch(/: (yjs|y-[\w-]+|solid-js.*|.*\/(ui|reactive|sync)\/.*)$/)
  }
})

test('server imports from src only the pure modules', () => {
  for (const file of filesUnder('server', SOURCE)) {
    for (const spec of importsOf(file).filter((s) => s.includes('/src/'))) {
      expect(`${file}: ${spec}`).toMatch(/\/src\/(doc|io|protocol)\/|\/src\/sync\/access\.js$/)
    }
  }
})

test('src/protocol is the wire contract: it imports nothing but its own modules and doc types', () => {
  for (const file of filesUnder('src/protocol', SOURCE)) {
    for (const spec of importsOf(file)) expect(`${file}: ${spec}`).toMatch(/: (\.\/[\w.-]+|\.\.\/doc\/[\w.-]+)$/)
  }
})

test('UI components never reach for Yjs or a provider directly', () => {
  for (const file of filesUnder('src/ui', SOURCE)) {
    for (const spec of importsOf(file)) expect(`${file}: ${spec}`).not.toMatch(/: (y-websocket|y-indexeddb|y-protocols.*)$/)
    expect(readFileSync(join(ROOT, file), 'utf8'), file).not.toMatch(/\.transact\(|innerHTML/)
  }
})

test('no focused tests are committed', () => {
  for (const file of filesUnder('tests', /\.(test|spec)\.(ts|tsx)$/)) {
    expect(readFileSync(join(ROOT, file), 'utf8'), file).not.toMatch(/\b(it|test|describe)\.only\(/)
  }
})

test('the page’s first script (src/boot) stays small: no Solid, no Yjs; the app only by a dynamic import', () => {
  const valueImports = (file: string): string[] =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:^|\n)\s*import\s(?!type\s)[^'"]*?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
      .map((match) => (match[2] ? `dynamic ${match[2]}` : match[1] ?? ''))
  // what the first script's chunk holds besides src/boot (vite.config.ts keeps these out of the app's chunk)
  const allowed = /^(\.\/[\w-]+\.js|\.\.\/doc\/idRules\.js|\.\.\/sync\/(cachedView|fragment|deviceStorageKeys)\.js|\.\.\/ui\/firstRowsMark\.js|\.\.\/ui\/styles\.css|dynamic \.\.\/main\.js)$/
  for (const file of filesUnder('src/boot', SOURCE)) {
    for (const spec of valueImports(file)) expect(`${file}: ${spec}`).toMatch(new RegExp(`: ${allowed.source.slice(1)}`))
  }
  expect(valueImports('src/sync/cachedView.ts')).toEqual(['./windowEvents.js'])
  expect(valueImports('src/sync/windowEvents.ts')).toEqual([])
  expect(valueImports('src/doc/idRules.ts')).toEqual([])
  expect(valueImports('src/sync/fragment.ts')).toEqual(['../doc/idRules.js'])
  expect(valueImports('src/sync/deviceStorageKeys.ts')).toEqual([])
  expect(valueImports('src/ui/firstRowsMark.ts')).toEqual([])
})
