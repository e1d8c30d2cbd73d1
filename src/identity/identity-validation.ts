/**
 * What the identity service accepts as names, passwords, roles and scopes, with messages that
 * say what would be accepted. Roles and scopes are matched ignoring letter case and returned in
 * their canonical spelling, so `owner` on the command line is `Owner`.
 */
import { IdentityError } from './identity.js';
import { ROLE_NAMES, Scopes, type RoleName, type Scope } from './permissions.js';

const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 12;
const MAX_DISPLAY_NAME_LENGTH = 128;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function isUserName(name: string): boolean {
  return USER_NAME.test(name);
}

export function checkUserName(name: string): string {
  if (!isUserName(name)) {
    throw new IdentityError(
      'IDENTITY_INVALID_NAME',
      `${JSON.stringify(name)} is not a valid user name: use 1 to 64 letters, digits, ".", "_", "-" or "@".`,
    );
  }
  return name;
}

export function checkPassword(password: string): string {
  // Counted in code points, so that a password of emoji is not counted twice.
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new IdentityError(
      'IDENTITY_WEAK_PASSWORD',
      `A password must have at least ${MIN_PASSWORD_LENGTH} characters; this one has ${[...password].length}. A few unrelated words make a long password that is easy to type.`,
    );
  }
  return password;
}

export function checkDisplayName(displayName: string): string {
  const trimmed = displayName.trim();
  if (
    trimmed === '' ||
    [...trimmed].length > MAX_DISPLAY_NAME_LENGTH ||
    CONTROL_CHARACTERS.test(trimmed)
  ) {
    throw new IdentityError(
      'IDENTITY_INVALID_NAME',
      `${JSON.stringify(displayName)} is not a valid display name: use 1 to ${MAX_DISPLAY_NAME_LENGTH} characters, without line breaks or other control characters.`,
    );
  }
  return trimmed;
}

const INSTANT_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A secret's expiry: an ISO 8601 instant with a zone, later than `now`, in canonical form. */
export function checkSecretExpiry(text: string, now: Date): string {
  const trimmed = text.trim();
  const time = INSTANT_WITH_ZONE.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new IdentityError(
      'IDENTITY_INVALID_EXPIRY',
      `${JSON.stringify(text)} is not a secret expiry: give an ISO 8601 instant with a time zone, such as 2027-01-31T00:00:00Z.`,
    );
  }
  if (time <= now.getTime()) {
    throw new IdentityError(
      'IDENTITY_INVALID_EXPIRY',
      `The secret expiry ${new Date(time).toISOString()} is not in the future (now: ${now.toISOString()}); give a later instant.`,
    );
  }
  return new Date(time).toISOString();
}

export function parseRole(text: string): RoleName {
  const role = ROLE_NAMES.find((name) => name.toLowerCase() === text.trim().toLowerCase());
  if (role === undefined) {
    throw new IdentityError(
      'IDENTITY_INVALID_NAME',
      `${JSON.stringify(text)} is not a role; the roles are ${ROLE_NAMES.map((name) => `"${name}"`).join(', ')} (\`millrace roles describe\` lists their permissions).`,
    );
  }
  return role;
}

export function parseScope(text: string): Scope {
  const scope = Scopes.find((name) => name === text.trim().toLowerCase());
  if (scope === undefined) {
    throw new IdentityError(
      'IDENTITY_INVALID_NAME',
      `${JSON.stringify(text)} is not a scope; use "factory", "ml" or "*" (everything).`,
    );
  }
  return scope;
}
