/**
 * What this device knows the relay holds of one list: the relay's last known state vector,
 * and how many local transactions there were and how many of those the relay confirmed.
 * Kept per list in localStorage, so "changes not yet on the relay" stays honest after an
 * offline reload. Plain data and functions; `status.ts` drives them.
 */
import * as Y from 'yjs'
import { fromBase64Url, toBase64Url } from '../doc/ids.js'

/** The relay's known state, and the local transaction counters. */
export interface RelayKnowledge {
  /** Highest clock per client the relay is known to hold. */
  relaySv: Map<number, number>
  /** Local transactions so far (deletions included: they do not move state vectors). */
  seq: number
  /** Local transactions the relay confirmed. */
  confirmed: number
}

/** A sync step 1 we sent: what we held then, and how many local transactions it covers. */
export interface Probe {
  seq: number
  sv: Map<number, number>
}

interface Persisted {
  sv: string
  seq: number
  confirmed: number
}

/** localStorage key of a list's last known relay state. */
export const relayStateKey = (listId: string): string => `shortlist.relay.${listId}`

/** True when `relay` holds every change counted in `local`. */
export function covers(relay: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((relay.get(client) ?? 0) < clock) return false
  return true
}

/** The state vector of `doc` as a map. */
export const stateVectorOf = (doc: Y.Doc): Map<number, number> => Y.decodeStateVector(Y.encodeStateVector(doc))

/** What was saved for the list, or a blank start (nothing known, nothing counted). */
export function loadKnowledge(storage: Storage | null, listId: string): RelayKnowledge {
  const saved = readPersisted(storage, listId)
  return { relaySv: saved ? decodeSv(saved.sv) : new Map(), seq: saved?.seq ?? 0, confirmed: saved?.confirmed ?? 0 }
}

/** Saves the knowledge; a full or refused storage keeps it right for this session only. */
export function saveKnowledge(storage: Storage | null, listId: string, knowledge: RelayKnowledge): void {
  try {
    const persisted: Persisted = { sv: toBase64Url(Y.encodeStateVector(knowledge.relaySv)), seq: knowledge.seq, confirmed: knowledge.confirmed }
    storage?.setItem(relayStateKey(listId), JSON.stringify(persisted))
  } catch {
    // storage full or refused: the status stays right for this session
  }
}

/** Local transactions not yet confirmed. */
export const pendingCount = (knowledge: RelayKnowledge): number => Math.max(0, knowledge.seq - knowledge.confirmed)

/** True while the device holds a transaction or content the relay is not known to have. */
export const isUnsynced = (knowledge: RelayKnowledge, doc: Y.Doc): boolean =>
  knowledge.seq > knowledge.confirmed || !covers(knowledge.relaySv, stateVectorOf(doc))

/** An update arrived from the relay, so the relay holds it: raise the known state vector. */
export function noteRelayHas(knowledge: RelayKnowledge, update: Uint8Array): void {
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update))) {
    if ((knowledge.relaySv.get(client) ?? 0) < clock) knowledge.relaySv.set(client, clock)
  }
}

/**
 * The relay sent its state vector in reply to `answered` (null if the reply was not to one
 * of our probes): take it as known, and confirm the probe's transactions if it covers them.
 */
export function noteRelayStateVector(knowledge: RelayKnowledge, sv: Map<number, number>, answered: Probe | null): void {
  knowledge.relaySv = sv
  if (answered && covers(sv, answered.sv)) knowledge.confirmed = Math.max(knowledge.confirmed, answered.seq)
}

function readPersisted(storage: Storage | null, listId: string): Persisted | null {
  try {
    const raw = JSON.parse(storage?.getItem(relayStateKey(listId)) ?? 'null') as Partial<Persisted> | null
    if (!raw || typeof raw.sv !== 'string' || !Number.isSafeInteger(raw.seq) || !Number.isSafeInteger(raw.confirmed)) return null
    return { sv: raw.sv, seq: raw.seq!, confirmed: raw.confirmed! }
  } catch {
    return null
  }
}

function decodeSv(text: string): Map<number, number> {
  try {
    return Y.decodeStateVector(fromBase64Url(text))
  } catch {
    return new Map()
  }
}
