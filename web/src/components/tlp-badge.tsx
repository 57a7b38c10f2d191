import type { TlpLabel } from '../../../shared/tlp';
import { tlpPresentation } from '../../../shared/tlp-labels';
import { tlpMeaning } from '../words';

/**
 * A TLP label as FIRST shows it: the label's colour as text on a black background, spelled
 * exactly. Its meaning is read out to screen readers unless the page shows it next to the badge
 * (`describe={false}`).
 */
export function TlpBadge({ label, describe = true }: { label: TlpLabel; describe?: boolean }) {
  const { colour } = tlpPresentation[label];
  const meaning = tlpMeaning(label);
  // A style object is set through the CSSOM, which a strict CSP (no inline style attributes) allows.
  return (
    <span class="tlp" style={{ color: colour }} title={meaning}>
      {label}
      {describe && <span class="visually-hidden">: {meaning}</span>}
    </span>
  );
}
