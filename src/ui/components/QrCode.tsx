import { encode } from 'uqr'

const SVG_NS = 'http://www.w3.org/2000/svg'

/**
 * A QR code for `text`, built as SVG elements (no HTML strings, no data: URL, so a strict
 * Content-Security-Policy allows it). Dark modules become one path.
 */
export function QrCode(props: { text: string; label: string }) {
  const { data } = encode(props.text, { ecc: 'M', border: 2 })
  const size = data.length
  let d = ''
  data.forEach((row, y) => row.forEach((dark, x) => { if (dark) d += `M${x} ${y}h1v1h-1z` }))
  const svg = document.createElementNS(SVG_NS, 'svg')
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`)
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', props.label)
  svg.setAttribute('class', 'qr')
  svg.setAttribute('shape-rendering', 'crispEdges')
  const background = document.createElementNS(SVG_NS, 'rect')
  background.setAttribute('width', String(size))
  background.setAttribute('height', String(size))
  background.setAttribute('fill', '#fff')
  const path = document.createElementNS(SVG_NS, 'path')
  path.setAttribute('d', d)
  path.setAttribute('fill', '#000')
  svg.append(background, path)
  return svg
}
