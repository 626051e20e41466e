/**
 * The one place the relay reads Yjs internals: the shape of the structs `Y.decodeUpdate`
 * returns (`Item`, `GC` and `Skip` with their `id`, `length`, `origin`, `rightOrigin`,
 * `parent` and `content`), the delete set's `clients` map, and the V1 layout's leading count
 * of client blocks. Nothing else in the relay
 * touches them; `tests/server/yjsStructs.test.ts` pins the Yjs version this was written
 * against and fails when an upgrade changes what is read here.
 */
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

/** The Yjs version whose internals this module reads (`package.json` pins the same). */
export const YJS_VERSION_READ = '13.6.33'

/** One struct of an update, as the relay's checks need it. */
export interface StructInfo {
  client: number
  clock: number
  length: number
  /** `item` carries content; `gc` is a deleted range; `skip` is a hole in the update. */
  kind: 'item' | 'gc' | 'skip'
  origin: Y.ID | null
  rightOrigin: Y.ID | null
  /** The parent when the item names it by id (a nested type), else null. */
  parentId: Y.ID | null
  /** Whether the item's content is a type (Y.Map, Y.Array, Y.Text…): the only valid parent by id. */
  isType: boolean
}

/** One deleted range `[clock, clock + len)` of a client. */
export interface DeletedRange {
  client: number
  clock: number
  len: number
}

/** An update decoded into plain records. */
export interface DecodedUpdate {
  structs: StructInfo[]
  deletes: DeletedRange[]
}

/**
 * The number of client blocks a V1 update declares (its first varuint), read without decoding
 * anything else, so an update with too many clients is refused before it costs a decode.
 * Throws on bytes that do not start with a varuint.
 */
export function declaredClientBlocks(update: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(update))
}

/** Decodes a V1 update into plain records; throws (like `Y.decodeUpdate`) on bytes that do not decode. */
export function decodeUpdateStructs(update: Uint8Array): DecodedUpdate {
  const decoded = Y.decodeUpdate(update)
  // one object literal with every field, in one order: a spread here made the objects
  // dictionary-mode and every later check on them about 20 times slower
  const structs: StructInfo[] = decoded.structs.map((struct) => {
    const item = struct instanceof Y.Item ? struct : null
    return {
      client: struct.id.client,
      clock: struct.id.clock,
      length: struct.length,
      kind: item ? 'item' : struct instanceof Y.Skip ? 'skip' : 'gc',
      origin: item ? item.origin : null,
      rightOrigin: item ? item.rightOrigin : null,
      parentId: item && item.parent instanceof Y.ID ? item.parent : null,
      isType: item ? item.content instanceof Y.ContentType : false,
    }
  })
  const deletes: DeletedRange[] = []
  for (const [client, ranges] of decoded.ds.clients) for (const { clock, len } of ranges) deletes.push({ client, clock, len })
  return { structs, deletes }
}

/** The ids an item refers to and must integrate after: origin, right origin, parent by id. */
export function referencesOf(struct: StructInfo): Y.ID[] {
  const refs: Y.ID[] = []
  if (struct.origin) refs.push(struct.origin)
  if (struct.rightOrigin) refs.push(struct.rightOrigin)
  if (struct.parentId) refs.push(struct.parentId)
  return refs
}
