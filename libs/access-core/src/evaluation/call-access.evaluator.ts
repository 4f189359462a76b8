import type { AccessCall } from '../model/access-call.schema.js';
import type { AccessModel } from '../model/access-model.schema.js';
import type { AccessIndex } from './access-index.builder.js';
import { explainCallAccess } from './call-access.explainer.js';

/**
 * Whether a user may see one call, by the rules in access-filter.evaluator.ts: the `visible` of
 * `explainCallAccess` (one evaluation, so the answer and its explanation never disagree). Walks up
 * from the call's host instead of expanding descendants, and gives the same answer as
 * `matchesFilter(filterFor(index, userId), toCallFacts(call))`. Pass an index when asking more
 * than once; a model is indexed on every call.
 */
export function canSee(source: AccessModel | AccessIndex, userId: string, call: AccessCall): boolean {
  return explainCallAccess(source, userId, call).visible;
}
