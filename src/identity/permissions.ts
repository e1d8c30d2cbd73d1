/**
 * What a caller may do: permissions (one per kind of action), built-in roles (sets of
 * permissions), and role assignments on a scope. Pure; the server checks each route's one
 * permission with `isAllowed`.
 *
 * Glossary:
 * - Permission: `<side>/<resource>/<action>`, e.g. `ml/pipelines/read`. Each route needs one.
 * - Scope: where an assignment applies — `factory`, `ml`, or `*` (everything). A permission
 *   belongs to the scope named by its first segment; `identity/*` ones only to `*`.
 * - Role: a named set of permissions (Reader, Contributor, Owner, and narrower ones).
 * - Role assignment: (principal, role, scope); a principal's permissions are the union of its
 *   assignments' roles, each limited to its scope.
 */

export const Permissions = {
  'factory/pipelines/read': 'List and read factory pipelines.',
  'factory/pipelines/write': 'Create or update factory pipelines.',
  'factory/pipelines/delete': 'Delete factory pipelines.',
  'factory/pipelines/createRun': 'Start pipeline runs.',
  'factory/linkedservices/read': 'List and read linked services (secrets masked).',
  'factory/linkedservices/write': 'Create or update linked services.',
  'factory/linkedservices/delete': 'Delete linked services.',
  'factory/datasets/read': 'List and read datasets.',
  'factory/datasets/write': 'Create or update datasets.',
  'factory/datasets/delete': 'Delete datasets.',
  'factory/pipelineruns/read':
    'Read and query pipeline runs and activity runs, and watch run events.',
  'factory/pipelineruns/cancel': 'Cancel pipeline runs.',
  'ml/pipelines/read': 'List and read published ML pipelines and pipeline endpoints.',
  'ml/pipelines/write': 'Publish ML pipelines, change their status, manage pipeline endpoints.',
  'ml/pipelines/submit': 'Submit runs of published ML pipelines and pipeline endpoints.',
  'ml/runs/read': 'Read ML runs, step runs, logs and metrics.',
  'ml/runs/cancel': 'Cancel ML runs.',
  'identity/principals/read': 'List users and service principals.',
  'identity/principals/write': 'Add and remove users and service principals, rotate secrets.',
  'identity/roleassignments/read': 'List role assignments.',
  'identity/roleassignments/write': 'Grant and revoke roles.',
} as const;

export type Permission = keyof typeof Permissions;
export const ALL_PERMISSIONS = Object.keys(Permissions) as Permission[];

export const Scopes = ['factory', 'ml', '*'] as const;
export type Scope = (typeof Scopes)[number];

const on = (prefix: string, keep: (permission: Permission) => boolean = () => true) =>
  ALL_PERMISSIONS.filter((permission) => permission.startsWith(prefix) && keep(permission));
const isRead = (permission: Permission) => permission.endsWith('/read');

export const Roles = {
  Reader: {
    description: 'Reads everything in its scope (ML pipelines included).',
    permissions: ALL_PERMISSIONS.filter(
      (permission) => isRead(permission) && !permission.startsWith('identity/'),
    ),
  },
  Contributor: {
    description: 'Reads, changes and runs everything in its scope; cannot manage access.',
    permissions: ALL_PERMISSIONS.filter((permission) => !permission.startsWith('identity/')),
  },
  Owner: {
    description: 'Everything in its scope; on `*` also users, service principals and roles.',
    permissions: ALL_PERMISSIONS,
  },
  'Factory Author': {
    description:
      'Writes and runs factory resources but cannot list ML pipelines (`ml/pipelines/read`): the ML pipeline dropdown stays empty and ids are typed.',
    permissions: on('factory/'),
  },
  'ML Pipeline Reader': {
    description: 'Lists and reads published ML pipelines and endpoints only (fills the dropdown).',
    permissions: ['ml/pipelines/read'],
  },
  'ML Pipeline Submitter': {
    description:
      'Submits, reads and cancels ML runs: for the service principal of an AzureMLService linked service.',
    permissions: ['ml/pipelines/submit', 'ml/runs/read', 'ml/runs/cancel'],
  },
} as const satisfies Record<string, { description: string; permissions: readonly Permission[] }>;

export type RoleName = keyof typeof Roles;
export const ROLE_NAMES = Object.keys(Roles) as RoleName[];

export interface ScopedRole {
  readonly role: RoleName;
  readonly scope: Scope;
}

/** The scope a permission lives in. */
export function scopeOf(permission: Permission): Scope {
  if (permission.startsWith('factory/')) return 'factory';
  if (permission.startsWith('ml/')) return 'ml';
  return '*';
}

export function isAllowed(assignments: readonly ScopedRole[], permission: Permission): boolean {
  const needed = scopeOf(permission);
  return assignments.some(
    (assignment) =>
      (assignment.scope === '*' || assignment.scope === needed) &&
      (Roles[assignment.role].permissions as readonly Permission[]).includes(permission),
  );
}

/** Every permission the assignments grant, for `GET /me` and the UI. */
export function grantedPermissions(assignments: readonly ScopedRole[]): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => isAllowed(assignments, permission));
}

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

export function isScope(value: string): value is Scope {
  return (Scopes as readonly string[]).includes(value);
}
