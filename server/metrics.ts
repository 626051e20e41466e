/**
 * Prometheus metrics for one relay. Each relay owns its own `Registry` (no global default
 * registry), so several relays in one process keep separate counts.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** The relay's metric handles and the registry that renders them at `/metrics`. */
export interface RelayMetrics {
  registry: Registry
  connections: Gauge
  roomsLoaded: Gauge
  messagesIn: Counter<'type'>
  messagesOut: Counter
  bytesIn: Counter
  bytesOut: Counter
  closes: Counter<'reason'>
  refusedUpgrades: Counter<'reason'>
  storageWriteSeconds: Histogram
}

/** Creates a fresh registry with the relay's metrics (and Node process metrics when `withDefaults`). */
export function createRelayMetrics(withDefaults = false): RelayMetrics {
  const registry = new Registry()
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'shortlist_' })
  const registers = [registry]
  return {
    registry,
    connections: new Gauge({ name: 'shortlist_connections', help: 'Open websocket connections', registers }),
    roomsLoaded: new Gauge({ name: 'shortlist_rooms_loaded', help: 'Rooms held in memory', registers }),
    messagesIn: new Counter({ name: 'shortlist_messages_in_total', help: 'Messages received, by type', labelNames: ['type'], registers }),
    messagesOut: new Counter({ name: 'shortlist_messages_out_total', help: 'Messages sent', registers }),
    bytesIn: new Counter({ name: 'shortlist_bytes_in_total', help: 'Websocket payload bytes received', registers }),
    bytesOut: new Counter({ name: 'shortlist_bytes_out_total', help: 'Websocket payload bytes sent', registers }),
    closes: new Counter({ name: 'shortlist_closes_total', help: 'Connections closed, by reason', labelNames: ['reason'], registers }),
    refusedUpgrades: new Counter({ name: 'shortlist_refused_upgrades_total', help: 'Upgrades refused before the websocket opened, by reason', labelNames: ['reason'], registers }),
    storageWriteSeconds: new Histogram({
      name: 'shortlist_storage_write_seconds',
      help: 'Time to append one update durably',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
      registers,
    }),
  }
}
