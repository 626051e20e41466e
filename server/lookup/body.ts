/**
 * Reading a small JSON request body: at most `maxBytes` (the rest is refused, not read), and
 * a clear error for anything that is not JSON. Never throws.
 */
import type { IncomingMessage } from 'node:http'

/** A read body: the parsed JSON, or why there is none (with the HTTP status to answer). */
export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string }

/** Reads `req`'s body as JSON, refusing bodies over `maxBytes`. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume()
      return resolve({ ok: false, status: 413, error: `The request body is larger than ${maxBytes} bytes.` })
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (body: JsonBody) => {
      if (done) return
      done = true
      resolve(body)
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.byteLength
      if (size > maxBytes) {
        req.resume()
        return finish({ ok: false, status: 413, error: `The request body is larger than ${maxBytes} bytes.` })
      }
      chunks.push(chunk)
    })
    req.on('error', () => finish({ ok: false, status: 400, error: 'The request body could not be read.' }))
    req.on('end', () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown })
      } catch {
        finish({ ok: false, status: 400, error: 'The request body is not JSON.' })
      }
    })
  })
}
