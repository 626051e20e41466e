/** Saves text as a file through the browser's download (Blob + object URL). */
export function downloadText(filename: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = filename
  anchor.rel = 'noopener'
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // revoking at once can cancel the download in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/**
 * A file name from a list's name: characters that file systems refuse become dashes,
 * letters of any script are kept, and an empty result falls back to "shortlist".
 */
export function fileNameFor(listName: string, suffix: string): string {
  const base = listName
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^\.+/, '')
    .slice(0, 80)
  return `${base || 'shortlist'}${suffix}`
}
