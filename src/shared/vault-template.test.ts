import { describe, expect, it } from 'vitest';
import {
  parseVaultTemplate,
  renderVaultTemplate,
  VaultTemplateError,
  type VaultTemplateValues,
} from './vault-template';

const passage = {
  quote: '> A quote',
  comment: '',
  facts: '(Doyle, 2009)',
  citation: '(Doyle, 2009)',
  tags: 'Economy',
  color: 'yellow',
  locator: '¶ 6',
  link: 'scholia://open?document=d&annotation=a',
  blockId: 'scholia-a',
  links: '',
};

const values: VaultTemplateValues = {
  document: {
    title: 'USSR 1989',
    citation: '(Doyle, 2009)',
    entry: 'Doyle, A. (2009).',
    note: '',
    link: 'scholia://open?document=d',
    citekey: 'Doyle2009ussr',
    date: '2009',
    authors: 'Doyle, Ann',
    passageCount: '1',
  },
  passages: [passage, { ...passage, quote: '', comment: 'A point note.', blockId: 'scholia-b' }],
};

describe('vault templates', () => {
  it('write Scholia’s layout by default, the block id on the quote or, without one, on the facts', () => {
    expect(renderVaultTemplate(values)).toBe(
      [
        '# USSR 1989',
        '',
        'Doyle, A. (2009). [Open in Scholia](scholia://open?document=d)',
        '',
        '## Passages',
        '',
        '> A quote ^scholia-a',
        '',
        '(Doyle, 2009) [Open in Scholia](scholia://open?document=d&annotation=a)',
        '',
        'A point note.',
        '',
        '(Doyle, 2009) [Open in Scholia](scholia://open?document=d&annotation=a) ^scholia-b',
        '',
      ].join('\n'),
    );
  });

  it('write values as they are, never reading them as template text', () => {
    const tricky = { ...values, document: { ...values.document, title: '{{note}}' } };
    expect(renderVaultTemplate(tricky, '{{title}}')).toBe('{{note}}');
  });

  it('refuse passage placeholders outside the passages, naming them', () => {
    expect(() => parseVaultTemplate('{{quote}}')).toThrow(VaultTemplateError);
    expect(() => parseVaultTemplate('{{quote}} {{nope}}')).toThrow('{{quote}}, {{nope}}');
  });

  it('refuse a section left open or closed out of order', () => {
    expect(() => parseVaultTemplate('{{#passages}}{{quote}}')).toThrow('does not close {{#passages}}');
    expect(() => parseVaultTemplate('{{#note}}{{/title}}')).toThrow('closes {{/title}}');
  });
});
