import { canContribute } from '../../../../shared/permissions';
import { type Me, viewerOf } from '../../api';

/** Mirrors shared/checklist.ts's rules without pulling zod into the route registry. */
export const canDraft = (me: Me) => me.organisation.kind === 'commission' && canContribute(viewerOf(me));

export const seesScoreboard = (me: Me) => me.organisation.kind === 'commission';

/** Contributors answer for their own organisation when the version applies to its kind. */
export const canAssess = (me: Me, appliesTo: readonly string[]) =>
  canContribute(viewerOf(me)) && appliesTo.includes(me.organisation.kind);
