/** The list document: schema, identity, typed edits and pure readers. */
export * from './ids.js'
export * from './schema.js'
export * from './ops.js'
export * from './queries.js'
export * from './tags.js'
export * from './club/index.js'
