/**
 * Test support: tags and a small codebook about the collapse of Stalinism, as tests build them. Used
 * only by `*.test.ts` files.
 */
import type { Tag } from './model';

/** A tag without colour or description, at the top unless `parentId` says where. */
export function testTag(id: string, name: string, parentId: string | null = null): Tag {
  return { id, name, parentId, color: null, description: '' };
}

/**
 * Causes
 *   Bureaucracy
 *     Privilege
 *   Economy
 * Consequences
 *   Capitalist restoration
 */
export const TEST_CODEBOOK: readonly Tag[] = [
  testTag('causes', 'Causes'),
  testTag('bureaucracy', 'Bureaucracy', 'causes'),
  testTag('consequences', 'Consequences'),
  testTag('economy', 'Economy', 'causes'),
  testTag('privilege', 'Privilege', 'bureaucracy'),
  testTag('restoration', 'Capitalist restoration', 'consequences'),
];
