import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

/**
 * A route whose page loads with its own code on first visit: the editor's code editor, the
 * canvas and the charts are then fetched only by the pages that use them, and the first page
 * paints sooner.
 */
export function lazyPage<Module>(
  load: () => Promise<Module>,
  pick: (module: Module) => ComponentType,
): NonNullable<RouteObject['lazy']> {
  return async () => ({ Component: pick(await load()) });
}
