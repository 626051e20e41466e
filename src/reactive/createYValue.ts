import { createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type * as Y from 'yjs'

/**
 * A signal holding `read()`, re-read after every change to `type` (deep changes too when
 * `deep` is set). Owner-bound: unobserves when the owner is cleaned up. Meant for small
 * values (list meta, members, one paper's comments); the paper list has its own view.
 */
export function createYValue<T>(type: Y.AbstractType<any>, read: () => T, options: { deep?: boolean; equals?: (a: T, b: T) => boolean } = {}): Accessor<T> {
  const [value, setValue] = createSignal<T>(read(), { equals: options.equals ?? false })
  const refresh = () => setValue(() => read())
  if (options.deep) type.observeDeep(refresh)
  else type.observe(refresh)
  onCleanup(() => (options.deep ? type.unobserveDeep(refresh) : type.unobserve(refresh)))
  return value
}
