import { type TlpLabel, tlpPresentation } from '../../../shared/tlp';

/**
 * A TLP label as FIRST shows it: the label's colour as text on a black background, spelled
 * exactly; the meaning is its accessible description.
 */
export function TlpBadge({ label }: { label: TlpLabel }) {
  const { colour, meaning } = tlpPresentation[label];
  // A style object is set through the CSSOM, which a strict CSP (no inline style attributes) allows.
  return (
    <span class="tlp" style={{ color: colour }} title={meaning}>
      {label}
      <span class="visually-hidden">: {meaning}</span>
    </span>
  );
}
