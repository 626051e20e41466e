/** Plain Y.Docs standing in for devices: edit each offline, then exchange updates. */
import * as Y from 'yjs'
import { upsertMember } from '../../../src/doc/index.js'

/** `count` empty replicas of one list. */
export const makeReplicas = (count: number): Y.Doc[] => Array.from({ length: count }, () => new Y.Doc())

/** Brings every replica up to date with every other, as a relay would once all are online. */
export function syncAll(docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
    }
  }
}

/** Copies one replica's state into another (one direction only). */
export const sendTo = (from: Y.Doc, to: Y.Doc): void => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))

/** Adds members with ids as names, at `at`. */
export function addMembers(doc: Y.Doc, ids: string[], at = 1): void {
  for (const id of ids) upsertMember(doc, { id, name: id, colour: '#123456', at })
}

/** A UTC instant from an ISO string. */
export const utc = (iso: string): number => Date.parse(iso)
