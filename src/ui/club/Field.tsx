import type { JSX } from 'solid-js'

/** A labelled form control in a `.form-grid`: the label names the control by id, not by its options. */
export function Field(props: { id: string; label: string; wide?: boolean; children: JSX.Element }) {
  return (
    <div class="field" classList={{ wide: !!props.wide }}>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  )
}
