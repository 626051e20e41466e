/**
 * Structured logs: one JSON object per line, `{ time, level, msg, ...fields }`.
 * Callers pass fields explicitly; tokens, secrets and claims are never among them.
 */

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Writes one structured event; `msg` is a dotted event name like `relay.listening`. */
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void

/** A logger writing JSON lines to `write` (stdout by default in `server/main.ts`). */
export function makeJsonLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }
  return (level, msg, fields = {}) => {
    if (order[level] < order[minLevel]) return
    const safe: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(fields)) safe[key] = value instanceof Error ? value.message : value
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...safe }) + '\n')
  }
}

/** A logger that drops everything (the default when a test supplies none). */
export const silentLogger: Logger = () => {}
