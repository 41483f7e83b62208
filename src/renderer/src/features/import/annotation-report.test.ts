import { describe, expect, it } from 'vitest';
import { annotationSummary, unplacedAnnotations } from './annotation-report';

const report = {
  format: 'hypothesis' as const,
  imported: 12,
  skipped: 3,
  failed: 1,
  outcomes: [
    { id: 'a', quote: 'the Union of Soviet Socialist Republics', status: 'imported' as const },
    {
      id: 'b',
      quote: 'perestroika',
      status: 'skipped' as const,
      reason: 'The same annotation is already there.',
    },
    { id: 'c', quote: 'a passage of another text', status: 'failed' as const, reason: 'No document has it.' },
  ],
};

describe('the report of an annotation file', () => {
  it('counts the annotations imported, already there and not placed', () => {
    expect(annotationSummary(report)).toBe(
      'Annotations: 12 imported, 3 already there, 1 could not be placed',
    );
  });

  it('lists the annotations that could not be placed, with their quote and reason', () => {
    expect(unplacedAnnotations(report)).toEqual([
      { id: 'c', quote: 'a passage of another text', status: 'failed', reason: 'No document has it.' },
    ]);
  });
});
