/**
 * The wire contract between the app and the relay, written once and imported by both:
 * close codes, message types, subprotocol names, routes and API types.
 */
export * from './access.js'
export * from './closeCodes.js'
export * from './frames.js'
export * from './lookup.js'
export * from './messages.js'
export * from './routes.js'
