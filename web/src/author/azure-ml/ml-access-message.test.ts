import { describe, expect, it } from 'vitest';
import { listingRefusedMessage, permissionIn } from './ml-access-message.js';

const refusal =
  'User "author" may not do this: it needs the permission ml/pipelines/read, and has Factory Author on *. Ask an Owner to grant a role that includes it (`millrace roles describe`).';

describe('listingRefusedMessage', () => {
  it('names the missing permission, the roles that grant it and the way on', () => {
    expect(permissionIn(refusal)).toBe('ml/pipelines/read');
    expect(listingRefusedMessage('published ML pipelines', refusal, 'pipeline id')).toEqual({
      summary:
        'You may not list published ML pipelines: your user needs ml/pipelines/read (role ML Pipeline Reader, or Reader, Contributor, Owner). Type the pipeline id instead.',
      permission: 'ml/pipelines/read',
      serverMessage: refusal,
    });
  });

  it('falls back to the listing permission when the server does not name one', () => {
    const message = listingRefusedMessage('pipeline endpoints', 'Forbidden', 'endpoint name');
    expect(message.permission).toBe('ml/pipelines/read');
    expect(message.summary).toMatch(/Type the endpoint name instead\.$/);
  });

  it('names an unknown permission without roles', () => {
    const message = listingRefusedMessage(
      'pipeline endpoints',
      'needs the permission ml/other/read',
      'endpoint id',
    );
    expect(message.summary).toContain('needs ml/other/read. Type');
  });
});
