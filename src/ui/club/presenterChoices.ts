/** The presenter picker's options, as a pure function of the members and the meeting. */
import type { Meeting } from '../../doc/club/schema.js'
import type { Member } from '../../doc/schema.js'

/** One option of the picker: a member id ('' = none set) and its label. */
export interface PresenterOption {
  value: string
  label: string
}

/**
 * Members by name (then id), each once; the rotation's suggestion is labelled "(suggested)"
 * and selected while no presenter is set. A "Nobody yet" option leads only when there is
 * neither a presenter nor a suggestion; a presenter who is no longer a member is still shown.
 */
export function presenterChoices(members: readonly Member[], meeting: Pick<Meeting, 'presenter' | 'suggestedPresenter'>): { options: PresenterOption[]; selected: string } {
  const suggested = meeting.presenter ? null : meeting.suggestedPresenter
  const people = [...members].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const options: PresenterOption[] = people.map((member) => ({ value: member.id, label: member.id === suggested ? `${member.name} (suggested)` : member.name }))
  const selected = meeting.presenter ?? suggested ?? ''
  if (selected && !options.some((option) => option.value === selected)) options.unshift({ value: selected, label: suggested ? 'Someone (suggested)' : 'Someone' })
  if (!selected) options.unshift({ value: '', label: 'Nobody yet' })
  return { options, selected }
}
