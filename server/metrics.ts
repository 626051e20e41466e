/**
 * Prometheus metrics for one relay. Each relay owns its own `Registry` (no global default
 * registry), so several relays in one process keep separate counts.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * Per-message traffic, counted in plain numbers on the hot path (a prom-client `inc` hashes
 * its labels on every call) and copied into the counters when `/metrics` is read.
 */
export interface RelayTraffic {
  messagesIn: Record<string, number>
  messagesOut: number
  bytesIn: number
  bytesOut: number
}

/** The relay's metric handles and the registry that renders them at `/metrics`. */
export interface RelayMetrics {
  registry: Registry
  /** Hot-path counts behind `messagesIn`, `messagesOut`, `bytesIn` and `bytesOut`. */
  traffic: RelayTraffic
  connections: Gauge
  roomsLoaded: Gauge
  messagesIn: Counter<'type'>
  messagesOut: Counter
  bytesIn: Counter
  bytesOut: Counter
  closes: Counter<'reason'>
  refusedUpgrades: Counter<'reason'>
  /** TCP sockets dropped at accept because their address already holds `maxSocketsPerAddress`. */
  refusedSockets: Counter
  /** Stored bytes of all rooms, set when `/metrics` is read. */
  storedBytes: Gauge
  /** Stored bytes of the rooms held in memory, set when `/metrics` is read. */
  loadedBytes: Gauge
  storageWriteSeconds: Histogram
  /** Time to load a room from storage (one snapshot of its rows). */
  storeLoadSeconds: Histogram
  /** Cluster: time for Redis to take one published message. */
  fanoutPublishSeconds: Histogram
  /** Cluster: from another relay's publish to this relay applying the update (clocks of both machines). */
  fanoutDeliverySeconds: Histogram
  /** Cluster: reads of missed updates from the store (a gap, a sweep, Redis back). */
  fanoutCatchUps: Counter
  /** Cluster: committed updates the loaded rooms had not received at the last sweep (Redis lag). */
  fanoutLagUpdates: Gauge
}

/** Creates a fresh registry with the relay's metrics (and Node process metrics when `withDefaults`). */
export function createRelayMetrics(withDefaults = false): RelayMetrics {
  const registry = new Registry()
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'shortlist_' })
  const registers = [registry]
  const traffic: RelayTraffic = { messagesIn: {}, messagesOut: 0, bytesIn: 0, bytesOut: 0 }
  /** A counter whose value is read from `traffic` when the registry renders. */
  const mirrored = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset()
        this.inc(read())
      },
    })
  return {
    registry,
    traffic,
    connections: new Gauge({ name: 'shortlist_connections', help: 'Open websocket connections', registers }),
    roomsLoaded: new Gauge({ name: 'shortlist_rooms_loaded', help: 'Rooms held in memory', registers }),
    messagesIn: new Counter({
      name: 'shortlist_messages_in_total',
      help: 'Messages received, by type',
      labelNames: ['type'],
      registers,
      collect() {
        this.reset()
        for (const [type, count] of Object.entries(traffic.messagesIn)) this.inc({ type }, count)
      },
    }),
    messagesOut: mirrored('shortlist_messages_out_total', 'Messages sent', () => traffic.messagesOut),
    bytesIn: mirrored('shortlist_bytes_in_total', 'Websocket payload bytes received', () => traffic.bytesIn),
    bytesOut: mirrored('shortlist_bytes_out_total', 'Websocket payload bytes sent', () => traffic.bytesOut),
    closes: new Counter({ name: 'shortlist_closes_total', help: 'Connections closed, by reason', labelNames: ['reason'], registers }),
    refusedUpgrades: new Counter({ name: 'shortlist_refused_upgrades_total', help: 'Upgrades refused before the websocket opened, by reason', labelNames: ['reason'], registers }),
    refusedSockets: new Counter({ name: 'shortlist_refused_sockets_total', help: 'TCP sockets dropped because their address held too many', registers }),
    storedBytes: new Gauge({ name: 'shortlist_stored_bytes', help: 'Bytes of room updates in storage', registers }),
    loadedBytes: new Gauge({ name: 'shortlist_loaded_room_bytes', help: 'Stored bytes of the rooms held in memory', registers }),
    storageWriteSeconds: new Histogram({
      name: 'shortlist_storage_write_seconds',
      help: 'Time to append one batch of updates durably (those of one event-loop turn; on PostgreSQL, those that arrived while the previous batch committed)',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
      registers,
    }),
    storeLoadSeconds: new Histogram({
      name: 'shortlist_store_load_seconds',
      help: 'Time to load one room from storage',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5],
      registers,
    }),
    fanoutPublishSeconds: new Histogram({
      name: 'shortlist_fanout_publish_seconds',
      help: 'Time for Redis to take one published message (the messages of one event-loop turn)',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.1],
      registers,
    }),
    fanoutDeliverySeconds: new Histogram({
      name: 'shortlist_fanout_delivery_seconds',
      help: "From another relay's publish to this relay applying the updates (one observation per Redis message, by its oldest update)",
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.1, 1],
      registers,
    }),
    fanoutCatchUps: new Counter({ name: 'shortlist_fanout_catch_ups_total', help: 'Reads of missed updates from the store', registers }),
    fanoutLagUpdates: new Gauge({ name: 'shortlist_fanout_lag_updates', help: 'Committed updates the loaded rooms had not received at the last sweep', registers }),
  }
}
