/**
 * What to tell a user the ML workspace refused to list pipelines to. The UI lists with the
 * user's own token (as Data Factory Studio does), so a 403 is about that user: name the missing
 * permission (from the server's message), the roles that grant it, and the way on: type the id.
 */

/** The roles that grant a permission the panel needs (see docs/permissions.md). */
const ROLES_GRANTING: Readonly<Record<string, readonly string[]>> = {
  'ml/pipelines/read': ['ML Pipeline Reader', 'Reader', 'Contributor', 'Owner'],
};

export interface AccessMessage {
  /** One sentence for the panel. */
  readonly summary: string;
  readonly permission: string | undefined;
  /** The server's own words, for the details. */
  readonly serverMessage: string;
}

/** The permission named in a refusal such as "… it needs the permission ml/pipelines/read, …". */
export function permissionIn(serverMessage: string): string | undefined {
  return /permission\s+([a-z]+(?:\/[a-z*]+)+)/i.exec(serverMessage)?.[1];
}

export function listingRefusedMessage(
  what: 'published ML pipelines' | 'pipeline endpoints',
  serverMessage: string,
  fallback: 'pipeline id' | 'endpoint id' | 'endpoint name',
): AccessMessage {
  const permission = permissionIn(serverMessage) ?? 'ml/pipelines/read';
  const roles = ROLES_GRANTING[permission];
  const needs =
    roles === undefined
      ? permission
      : `${permission} (role ${roles[0]}${roles.length > 1 ? `, or ${roles.slice(1).join(', ')}` : ''})`;
  return {
    summary: `You may not list ${what}: your user needs ${needs}. Type the ${fallback} instead.`,
    permission,
    serverMessage,
  };
}
