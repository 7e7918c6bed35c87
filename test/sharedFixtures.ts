/**
 * Where the fixtures made outside the project live: `shared/` beside the repository
 * (`<repo>/../shared`), as on developers' machines and in CI; POINTOCC_SHARED overrides it.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const SHARED = process.env.POINTOCC_SHARED ?? join(REPO_ROOT, '..', 'shared');
export const IO_FIXTURES = join(SHARED, 'fixtures', 'io');
export const ONET_FIXTURES = join(SHARED, 'fixtures', 'onet_shapenet');
