import { Show, createSignal } from 'solid-js'
import { setFeedSettings } from '../../doc/inbox.js'
import type { FeedSettings } from '../../doc/inbox.js'
import { useShortlist } from '../ShortlistContext.js'
import { escapeCloses } from '../components/ModalDialog.js'

const split = (text: string): string[] => text.split(',').map((part) => part.trim()).filter(Boolean)

/** The list's feed settings, shared with every member: which feeds, which keywords. */
export function FeedSettingsForm(props: { settings: FeedSettings; readOnly: boolean }) {
  const { session } = useShortlist()
  const [open, setOpen] = createSignal(false)
  let toggle!: HTMLButtonElement
  let form!: HTMLFormElement
  // closing (Save, Cancel, Escape) gives focus back to the toggle
  const close = () => {
    setOpen(false)
    toggle.focus()
  }
  const save = (event: SubmitEvent) => {
    event.preventDefault()
    const data = new FormData(form)
    setFeedSettings(session.doc, {
      hfDaily: data.get('hfDaily') === 'on',
      arxivCategories: split(String(data.get('categories') ?? '')),
      include: split(String(data.get('include') ?? '')),
      exclude: split(String(data.get('exclude') ?? '')),
    })
    close()
  }
  return (
    <div class="feed-settings">
      <button type="button" ref={toggle} aria-expanded={open()} aria-controls="feed-settings-form" onClick={() => setOpen(!open())}>
        Feed settings
      </button>
      <Show when={open()}>
        <form id="feed-settings-form" class="stack card" ref={(el) => { form = el; queueMicrotask(() => el.querySelector('input')?.focus()) }} onSubmit={save} onKeyDown={escapeCloses(close)}>
          <fieldset disabled={props.readOnly}>
            <legend>What this list follows (shared with every member)</legend>
            <label class="check"><input type="checkbox" name="hfDaily" checked={props.settings.hfDaily} /> Hugging Face Daily Papers</label>
            <label for="feed-categories">arXiv categories, comma separated (e.g. cs.CL, cs.LG)</label>
            <input id="feed-categories" name="categories" value={props.settings.arxivCategories.join(', ')} autocomplete="off" />
            <label for="feed-include">Only papers mentioning any of (title or abstract)</label>
            <input id="feed-include" name="include" value={props.settings.include.join(', ')} autocomplete="off" />
            <label for="feed-exclude">Hide papers mentioning any of</label>
            <input id="feed-exclude" name="exclude" value={props.settings.exclude.join(', ')} autocomplete="off" />
          </fieldset>
          <div class="dialog-actions">
            <button type="button" onClick={close}>Cancel</button>
            <button type="submit" class="primary" disabled={props.readOnly}>Save feed settings</button>
          </div>
        </form>
      </Show>
    </div>
  )
}
